// Window-width sweep for the kernel MSM: `tsx src/bench/tune-msm.ts [log2 n ...]`.
// Prints the median time per window width on the kernel suite's inputs, to pick msmWindowBits
// (see docs/kernel.md).
import { loadKernel } from '../kernel/index.js';
import { median } from './main-median.js';
import { makeInputs } from './inputs.js';

const logs = process.argv
  .slice(2)
  .map(Number)
  .filter((x) => x > 0);
const kernel = await loadKernel();
for (const lg of logs.length ? logs : [12, 14, 16]) {
  const { pointBytes: pb, scalarBytes: sb } = makeInputs(1 << lg);
  const widths = (process.env.WIDTHS ?? '')
    .split(',')
    .map(Number)
    .filter((x) => x > 0);
  for (const c of widths.length ? widths : [lg - 5, lg - 4, lg - 3, lg - 2]) {
    // CPU time as well as wall time: on a shared machine CPU time is the steadier figure
    const cpu: number[] = [];
    const ms = await median(
      () => {
        const u0 = process.cpuUsage();
        kernel.msmWithWindow(pb, sb, c, !process.env.PLAIN);
        const u = process.cpuUsage(u0);
        cpu.push((u.user + u.system) / 1000);
      },
      Number(process.env.RUNS ?? (lg >= 16 ? 3 : 5)),
    );
    cpu.sort((a, b) => a - b);
    console.log(
      `n = 2^${lg}, c = ${c}${process.env.PLAIN ? ' (no GLV)' : ''}: ${ms.toFixed(1)} ms wall, cpu median ${cpu[cpu.length >> 1]!.toFixed(1)} min ${cpu[0]!.toFixed(1)} ms`,
    );
  }
}
