#!/usr/bin/env node
// Runs every bench/*.bench.js (or those named on the command line) one after another, each in its
// own process so memory figures are not mixed, and prints their figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, '..', 'dist'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  // Figures are for what users run: React's production build, as bin/obs.js sets it.
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit', env: { NODE_ENV: 'production', ...process.env } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
