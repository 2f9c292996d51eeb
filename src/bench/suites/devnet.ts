// Devnet suite: the whole network of `npm start` (L1, relay, sequencer, four headless provers,
// each in its own process) proving blocks of 2^2 leaves; the row is the median time from a
// block's commitment to its verification on the L1, the first block (workers' warm-up) left out.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../types.js';

const PROVERS = 4;
const HEIGHT = 2;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const devnetSuite: BenchSuite = {
  name: 'devnet',
  description: 'commitment → verified on the L1, 4 leaves, 4 headless provers over WebRTC',
  cases: ['devnet-block'],
  async run(ctx) {
    if (!ctx.wants('devnet-block')) return;
    const blocks = ctx.quick ? 2 : 4;
    const dir = await mkdtemp(join(tmpdir(), 'bench-devnet-'));
    const report = join(dir, 'report.json');
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    ctx.log(`devnet: ${blocks} blocks of ${2 ** HEIGHT} leaves with ${PROVERS} provers…`);
    const l1Port = String(await freePort());
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/node/devnet.ts', '--blocks', String(blocks), '--report', report, '--no-app'],
        { cwd: root, env: { ...process.env, L1_PORT: l1Port }, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.once('exit', resolve);
    });
    try {
      if (code !== 0) throw new Error(`the devnet exited with ${code}`);
      const { blocks: rows } = JSON.parse(await readFile(report, 'utf8')) as {
        blocks: Array<{ leaves: number; msToVerified: number }>;
      };
      const warm = rows
        .slice(1)
        .map((b) => b.msToVerified)
        .sort((a, b) => a - b);
      ctx.record({
        name: 'devnet-block',
        impl: 'sorted-rounds',
        size: rows[0]!.leaves,
        threads: PROVERS,
        ms: warm[Math.floor(warm.length / 2)]!,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
