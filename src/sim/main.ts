// `npm run sim -- --scenario NAME --json FILE`: runs one economics scenario, prints its tables and
// findings, and writes the full report as JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { USAGE, UsageError, parseSimArgs } from './cli.js';
import { formatRun } from './report.js';
import { SCENARIOS, UnknownScenarioError, findScenario } from './scenarios/index.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${USAGE}\nscenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(22)} ${s.description}`).join('\n')}`);
    return 0;
  }
  let args;
  let scenario;
  try {
    args = parseSimArgs(argv);
    scenario = findScenario(args.scenario);
  } catch (e) {
    if (e instanceof UsageError || e instanceof UnknownScenarioError) {
      console.error(`sim: ${e.message}\n${USAGE}\nscenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
      return 2;
    }
    throw e;
  }
  const started = performance.now();
  const report = scenario.run({
    seed: args.seed,
    stakers: args.stakers,
    blocks: args.blocks,
    assignment: args.assignment,
  });
  for (const run of report.runs) console.log(`${formatRun(run)}\n`);
  console.log(`findings (${scenario.name}):\n${JSON.stringify(report.findings, null, 2)}`);
  console.log(
    `\n${scenario.name}: ${report.runs.length} run(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (args.json) {
    await mkdir(dirname(args.json), { recursive: true });
    await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report written to ${args.json}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
