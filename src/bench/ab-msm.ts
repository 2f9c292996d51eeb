// A/B comparison of MSM variants on the kernel suite's inputs, in one process, alternating runs
// so machine noise hits both:
// `tsx src/bench/ab-msm.ts LOG2N VARIANT...` with VARIANT = glv:C or plain:C. Prints min and median CPU ms.
import { loadKernel } from '../kernel/index.js';
import { makeInputs } from './inputs.js';

const [lgArg, ...variants] = process.argv.slice(2);
const lg = Number(lgArg ?? 16);
const kernel = await loadKernel();
const { pointBytes: pb, scalarBytes: sb } = makeInputs(1 << lg);

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
  console.log(
    `2^${lg} ${v.name.padEnd(10)} cpu min ${v.cpu[0]!.toFixed(1)} median ${v.cpu[v.cpu.length >> 1]!.toFixed(1)} ms`,
  );
}
