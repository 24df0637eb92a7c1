// Root-cause ranking on replayed real faults (../shared/datasets/rca/MicroSS): one replayed case as
// the whole process an engineer runs (`obs alerts correlate --replay ... --topology ...`), and the
// in-process analysis of all 152 cases. CPU of a child process is read from the kernel's count of
// waited-for children (/proc/self/stat), so the figure holds on a busy machine where wall time does not.
// Needs `npm run build`; skipped when the dataset is not there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.js';
import { analyzeAlerts } from '../dist/src/alerts/index.js';
import { parseReplayAlerts, parseTopology } from '../dist/src/alerts/replay.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, '..', 'shared', 'datasets', 'rca', 'MicroSS');
if (!existsSync(data)) {
  console.log(`skipped: no dataset at ${data}`);
  process.exit(0);
}
const RUNS = 10;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ms of the children this process has waited for (utime + stime of exited children). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

const graph = join(data, 'knowledge-graph.json');
const largest = '0'; // 236 alerts, the largest case
const args = [join(root, 'bin', 'obs.js'), 'alerts', 'correlate', '--replay', join(data, 'cases', `${largest}.alerts.json`), '--topology', graph, '-o', 'json'];
const walls = [];
const cpu0 = childrenCpuMs();
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  walls.push(performance.now() - t);
  if (r.status !== 0) throw new Error(`obs exited with ${r.status}`);
}
walls.sort((a, b) => a - b);
console.log(`one replayed case (236 alerts), whole process: median ${walls[RUNS / 2].toFixed(0)} ms wall, ${((childrenCpuMs() - cpu0) / RUNS).toFixed(0)} ms cpu (mean of ${RUNS})`);

const topology = parseTopology(readFileSync(graph, 'utf8'));
const cases = readFileSync(join(data, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const alerts = cases.map((c) => parseReplayAlerts(readFileSync(join(data, 'cases', `${c}.alerts.json`), 'utf8')).alerts);
measure(`all ${cases.length} cases (${alerts.flat().length} alerts): analyse + rank`, () => alerts.map((a) => analyzeAlerts(a, topology)), 5, 52);
