// The import rules bite: the real dependency-cruiser CLI with the repository's config, run on tiny
// trees laid out like src/, reports a lower layer importing a higher one and an import loop (and
// accepts the same tree without them). `npm test` runs the same config on src/ and workers/.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes the files into a fresh tree and returns the violations depcruise reports on its src/. */
async function cruise(files: Record<string, string>): Promise<Violation[]> {
  dir = await mkdtemp(join(tmpdir(), 'deps-'));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { moduleResolution: 'Bundler' } }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const run = await promisify(execFile)(depcruise, ['src', '--config', config, '--output-type', 'json'], {
    cwd: dir,
  }).catch((e: { stdout: string }) => e);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import direction (dependency-cruiser)', () => {
  it('accepts imports that point down the layers', async () => {
    expect(
      await cruise({
        'src/protocol/rules.ts': 'export const x = 1;\n',
        'src/l1/state.ts': "import { x } from '../protocol/rules.js';\nexport const y = x;\n",
      }),
    ).toEqual([]);
  }, 30_000);

  it('reports the protocol layer importing the L1', async () => {
    const violations = await cruise({
      'src/protocol/rules.ts': "import { y } from '../l1/state.js';\nexport const x = y;\n",
      'src/l1/state.ts': 'export const y = 1;\n',
    });
    expect(violations.map((v) => [v.rule.name, v.from, v.to])).toEqual([
      ['layer-protocol', 'src/protocol/rules.ts', 'src/l1/state.ts'],
    ]);
  }, 30_000);

  it('reports an import loop inside one folder', async () => {
    const violations = await cruise({
      'src/protocol/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/protocol/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(violations.map((v) => [v.rule.name, v.from, v.to])).toEqual([
      ['no-circular', 'src/protocol/a.ts', 'src/protocol/b.ts'],
    ]);
  }, 30_000);

  it('reports a folder that belongs to no layer', async () => {
    const violations = await cruise({
      'src/misc/thing.ts': "import { x } from '../protocol/rules.js';\nexport const y = x;\n",
      'src/protocol/rules.ts': 'export const x = 1;\n',
    });
    expect(violations.map((v) => [v.rule.name, v.from])).toEqual([['no-unlayered-folder', 'src/misc/thing.ts']]);
  }, 30_000);
});
