// Benchmark runner: `npm run bench -- [--json FILE] [--only NAME[,NAME]] [--impl IMPL[,IMPL]] [--quick]`.
// Runs every registered suite (src/bench/suites/index.ts), prints a table and optionally writes
// {"machine": {...}, "results": [{"name", "impl", "size", "threads", "ms"}, ...]}.
import { writeFileSync } from 'node:fs';
import { machineInfo } from './machine.js';
import { median } from './main-median.js';
import { suites } from './suites/index.js';
import type { BenchContext, BenchResult } from './types.js';

interface Options {
  json?: string;
  only: string[];
  /** Keep only rows of these implementations (e.g. kernel,noble: the rows the benchmark page measures). */
  impl: string[];
  quick: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { only: [], impl: [], quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') opts.json = argv[++i];
    else if (a.startsWith('--json=')) opts.json = a.slice(7);
    else if (a === '--only') opts.only.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) opts.only.push(...a.slice(7).split(','));
    else if (a === '--impl') opts.impl.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--impl=')) opts.impl.push(...a.slice(7).split(','));
    else if (a === '--quick') opts.quick = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--json FILE] [--only NAME[,NAME]] [--impl IMPL[,IMPL]] [--quick]');
      console.log(`suites: ${suites.map((s) => `${s.name} (${s.description})`).join('; ')}`);
      process.exit(0);
    } else throw new Error(`bench: unknown argument ${a}`);
  }
  if (opts.json === undefined && argv.includes('--json')) throw new Error('bench: --json needs a file name');
  opts.only = opts.only.filter(Boolean);
  opts.impl = opts.impl.filter(Boolean);
  return opts;
}

function formatRow(r: BenchResult): string {
  return `${r.name.padEnd(18)} ${r.impl.padEnd(14)} ${String(r.size).padStart(9)} ${String(r.threads).padStart(7)} ${r.ms.toFixed(3).padStart(12)}`;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const results: BenchResult[] = [];
  const machine = machineInfo();
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}, ${machine.platform}/${machine.arch}`,
  );
  console.log(
    `${'name'.padEnd(18)} ${'impl'.padEnd(14)} ${'size'.padStart(9)} ${'threads'.padStart(7)} ${'ms'.padStart(12)}`,
  );
  for (const suite of suites) {
    const suiteSelected = opts.only.length === 0 || opts.only.includes(suite.name);
    const ctx: BenchContext = {
      quick: opts.quick,
      wants: (caseName) => suiteSelected || opts.only.includes(caseName),
      median,
      record(row) {
        if (opts.impl.length > 0 && !opts.impl.includes(row.impl)) return;
        results.push(row);
        console.log(formatRow(row));
      },
      log: (message) => process.stderr.write(`[${suite.name}] ${message}\n`),
    };
    if (!suiteSelected && !suite.cases.some((c) => opts.only.includes(c))) continue;
    await suite.run(ctx);
  }
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify({ machine, results }, null, 2)}\n`);
    console.log(`wrote ${opts.json}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
