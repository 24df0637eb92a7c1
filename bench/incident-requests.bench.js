// `obs incident open` on the demo world: how many requests it sends to each backend (and to which
// endpoints), and how long the whole process takes. The demo's five servers sit behind counting
// proxies; the demo's SLO specs (slos/demo) are in the working directory; each run has a fresh
// OBS_HOME, so each opens a new incident.
// Usage: node bench/incident-requests.bench.js [runs] [--scenario=NAME] [--against=DIR]   (default 5
// runs of payments-db-latency; needs `npm run build`). `--against=DIR` interleaves each run with the
// build in DIR (another checkout, built) and prints both.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../dist/src/sim/server.js';
import { countingProxy } from './counting-proxy.js';

const root = new URL('..', import.meta.url).pathname;
const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 5);
const scenario = flag('scenario') ?? 'payments-db-latency';
const against = flag('against');
const work = mkdtempSync(join(tmpdir(), 'obs-incident-requests-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** A proxy that forwards everything to `target` and counts the requests by endpoint. */
const demo = await startDemo({ scenario });
const proxies = Object.fromEntries(await Promise.all(Object.entries(demo.urls).map(async ([backend, url]) => [backend, await countingProxy(url)])));
const cwd = join(work, 'cwd');
cpSync(join(root, 'slos/demo'), join(cwd, 'slos'), { recursive: true });

async function incidentOpen(dir, i) {
  for (const p of Object.values(proxies)) p.reset();
  const env = { ...process.env, OBS_HOME: join(work, `home-${i}-${dir === root ? 'this' : 'other'}`) };
  for (const [backend, p] of Object.entries(proxies)) env[`OBS_${backend.toUpperCase()}_URL`] = p.url;
  const r = await new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', 'node', join(dir, 'bin/obs.js'), 'incident', 'open', '--title', 'bench', '-o', 'json'], { cwd, env });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  if (r.code !== 0 && r.code !== 3) throw new Error(`obs exited ${r.code}: ${r.stderr.slice(-600)}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const requests = Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.count]));
  const paths = Object.entries(proxies).flatMap(([k, p]) => [...p.paths].map(([path, n]) => `${k} ${path} ${n}`));
  return { wall, cpu: user + sys, requests, all: Object.values(requests).reduce((a, b) => a + b, 0), paths };
}

const builds = against ? [['this build', root], [`--against ${against}`, against]] : [['this build', root]];
const rows = new Map(builds.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, dir] of i % 2 ? [...builds].reverse() : builds) rows.get(name).push(await incidentOpen(dir, i));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stat = (xs, f) => `${Math.min(...xs.map(f)).toFixed(2)} / ${median(xs.map(f)).toFixed(2)} / ${Math.max(...xs.map(f)).toFixed(2)}`;
console.log(`obs incident open on the demo (${scenario}); ${runs} runs (min / median / max)`);
for (const [name, xs] of rows) {
  console.log(name);
  console.log(`  wall s      ${stat(xs, (r) => r.wall)}`);
  console.log(`  cpu s       ${stat(xs, (r) => r.cpu)}`);
  console.log(`  requests    ${stat(xs, (r) => r.all)}   (last run: ${Object.entries(xs.at(-1).requests).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  console.log(`  by endpoint, last run: ${xs.at(-1).paths.join('; ')}`);
}
for (const p of Object.values(proxies)) p.close();
await demo.close();
process.exit(0);
