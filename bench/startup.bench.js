// Cold start of obs: the single-file bundle (dist/obs.mjs) against the compiled tree (bin/obs.js),
// with `node -e 0` as the floor. Median of 10 runs of each, every run a new process.
// Needs `npm run build` and `npm run bundle` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'obs.mjs');
const launcher = join(root, 'bin', 'obs.js');
const RUNS = 10;

for (const [file, how] of [[bundle, 'npm run bundle'], [join(root, 'dist', 'commands', 'main.js'), 'npm run build']]) {
  if (!existsSync(file)) {
    console.error(`startup bench: ${file} is missing; run \`${how}\` first`);
    process.exit(2);
  }
}

// An empty config directory, so no one's contexts are read.
const env = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'obs-bench-home-')), OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-bench-cfg-')) };

function medianMs(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

console.log(`dist/obs.mjs: ${(statSync(bundle).size / 1024).toFixed(0)} KiB (${statSync(bundle).size} bytes)`);
console.log(`median of ${RUNS} cold starts, ms:`);
const rows = [['node -e 0', medianMs(['-e', '0']), undefined]];
for (const args of [['--version'], ['query', '--help'], ['__complete', 'contexts']]) {
  rows.push([`obs ${args.join(' ')}`, medianMs([bundle, ...args]), medianMs([launcher, ...args])]);
}
console.log(`  ${'command'.padEnd(26)} ${'bundle'.padStart(8)} ${'bin/obs.js'.padStart(11)}`);
for (const [name, bundled, tree] of rows) {
  console.log(`  ${name.padEnd(26)} ${bundled.toFixed(1).padStart(8)} ${tree === undefined ? '' : tree.toFixed(1).padStart(11)}`);
}
