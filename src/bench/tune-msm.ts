// Window-width sweep for the kernel MSM: `tsx src/bench/tune-msm.ts [log2 n ...]`.
// Prints the median time per window width, to pick msmWindowBits (see docs/kernel.md).
import { bn254 } from '@noble/curves/bn254.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { encodeG1 } from '../kernel/encoding';
import { loadKernel } from '../kernel/index';
import { median } from './main-median';

const G = bn254.G1.Point;
const logs = process.argv.slice(2).map(Number).filter((x) => x > 0);
const kernel = await loadKernel();
for (const lg of logs.length ? logs : [12, 14, 16]) {
  const n = 1 << lg;
  const step = G.BASE.multiply(987654321n);
  const proj = [];
  let acc = G.BASE.multiply(123456789n);
  for (let i = 0; i < n; i++) { proj.push(acc); acc = acc.add(step); }
  const pts = normalizeZ(G, proj);
  const pb = new Uint8Array(n * 64);
  pts.forEach((p, i) => pb.set(encodeG1(p.toAffine()), i * 64));
  const sb = new Uint8Array(n * 32);
  for (let o = 0; o < sb.length; o += 65536) crypto.getRandomValues(sb.subarray(o, o + 65536));
  for (let i = 0; i < n; i++) sb[i * 32 + 31]! &= 0x1f;
  const widths = (process.env.WIDTHS ?? '').split(',').map(Number).filter((x) => x > 0);
  for (const c of widths.length ? widths : [lg - 5, lg - 4, lg - 3, lg - 2]) {
    // CPU time as well as wall time: on a shared machine CPU time is the steadier figure
    const cpu: number[] = [];
    const ms = await median(() => {
      const u0 = process.cpuUsage();
      kernel.msmWithWindow(pb, sb, c, !process.env.PLAIN);
      const u = process.cpuUsage(u0);
      cpu.push((u.user + u.system) / 1000);
    }, Number(process.env.RUNS ?? (lg >= 16 ? 3 : 5)));
    cpu.sort((a, b) => a - b);
    console.log(`n = 2^${lg}, c = ${c}${process.env.PLAIN ? ' (no GLV)' : ''}: ${ms.toFixed(1)} ms wall, cpu median ${cpu[cpu.length >> 1]!.toFixed(1)} min ${cpu[0]!.toFixed(1)} ms`);
  }
}
