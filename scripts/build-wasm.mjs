// Builds the WASM proving kernel from wasm/assembly with AssemblyScript (npm-only tooling).
// Skips the build when the output is newer than every source file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'wasm', 'assembly');
const outDir = join(root, 'wasm', 'build');
const out = join(outDir, 'kernel.wasm');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// The unrolled field modules are generated (and committed); regenerate first, rewriting only on change.
const generator = join(root, 'scripts', 'gen-field.mjs');
execFileSync(process.execPath, [generator], { stdio: 'inherit', cwd: root });

const force = process.argv.includes('--force');
const inputsNewest = Math.max(
  newestSource(srcDir),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  statSync(generator).mtimeMs,
);
if (!force && existsSync(out) && statSync(out).mtimeMs >= inputsNewest) {
  console.log('build-wasm: kernel up to date');
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
execFileSync(
  process.execPath,
  [
    asc,
    join(srcDir, 'index.ts'),
    '--outFile',
    out,
    '--textFile',
    join(outDir, 'kernel.wat'),
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--converge',
    '--runtime',
    'minimal',
    '--noAssert',
    '--initialMemory',
    '256',
    '--maximumMemory',
    '65536',
    '--exportRuntime',
  ],
  { stdio: 'inherit', cwd: root },
);
console.log(`build-wasm: wrote ${out}`);
