// A/B comparison of MSM variants in one process, alternating runs so machine noise hits both:
// `tsx src/bench/ab-msm.ts LOG2N VARIANT...` with VARIANT = glv:C or plain:C. Prints min and median CPU ms.
import { bn254 } from '@noble/curves/bn254.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { encodeG1 } from '../kernel/encoding';
import { loadKernel } from '../kernel/index';

const G = bn254.G1.Point;
const [lgArg, ...variants] = process.argv.slice(2);
const lg = Number(lgArg ?? 16);
const n = 1 << lg;
const kernel = await loadKernel();
const step = G.BASE.multiply(987654321n);
const proj = [];
let acc = G.BASE.multiply(123456789n);
for (let i = 0; i < n; i++) { proj.push(acc); acc = acc.add(step); }
const pb = new Uint8Array(n * 64);
normalizeZ(G, proj).forEach((p, i) => pb.set(encodeG1(p.toAffine()), i * 64));
const sb = new Uint8Array(n * 32);
for (let o = 0; o < sb.length; o += 65536) crypto.getRandomValues(sb.subarray(o, o + 65536));
for (let i = 0; i < n; i++) sb[i * 32 + 31]! &= 0x1f;

const list = (variants.length ? variants : ['glv:0', 'plain:0']).map((v) => {
  const [kind, c] = v.split(':');
  return { name: v, glv: kind !== 'plain', c: Number(c ?? 0), cpu: [] as number[] };
});
const rounds = Number(process.env.RUNS ?? 5);
for (const v of list) kernel.msmWithWindow(pb, sb, v.c, v.glv); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const v of list) {
    const u0 = process.cpuUsage();
    kernel.msmWithWindow(pb, sb, v.c, v.glv);
    const u = process.cpuUsage(u0);
    v.cpu.push((u.user + u.system) / 1000);
  }
}
for (const v of list) {
  v.cpu.sort((a, b) => a - b);
  console.log(`2^${lg} ${v.name.padEnd(10)} cpu min ${v.cpu[0]!.toFixed(1)} median ${v.cpu[v.cpu.length >> 1]!.toFixed(1)} ms`);
}
