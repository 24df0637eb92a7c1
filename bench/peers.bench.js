// obs side by side with the tools it replaces, on the same real servers and data: `promtool query`
// for instant and large range queries, `amtool alert query` for 500 and 5,000 alerts, and `node -e 0`
// for start-up. Starts Prometheus (data backfilled by promtool) and Alertmanager on free loopback
// ports, runs each pair interleaved, and prints medians of wall time, CPU time (user + system) and
// peak RSS with the ratios. On a shared machine CPU time is the steadier figure.
// (Loki's paging floor and `obs logs query` are measured by bench/logs-query.bench.js.)
// Usage: node bench/peers.bench.js [runs]   (default 7; needs `npm run build`, `npm run bundle` for
// the bundle line, and Debian's prometheus and prometheus-alertmanager, which ship promtool and amtool)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitReady } from './servers.js';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 7);
const BIN = { prometheus: '/usr/bin/prometheus', promtool: '/usr/bin/promtool', alertmanager: '/usr/bin/prometheus-alertmanager', amtool: '/usr/bin/amtool' };
const work = mkdtempSync(join(tmpdir(), 'obs-peers-'));
const children = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

for (const [name, bin] of Object.entries(BIN)) {
  if (!existsSync(bin)) {
    console.error(`peers bench: ${bin} not found (apt-get install prometheus prometheus-alertmanager); ${name} is needed`);
    process.exit(2);
  }
}

/** 200 series of 2,000 points at a 15 s step, backfilled into a TSDB. */
function backfillRangeData(endS) {
  const lines = ['# TYPE bench_gauge gauge'];
  for (let s = 0; s < 200; s++)
    for (let p = 0; p < 2_000; p++) lines.push(`bench_gauge{series="s${s}",pod="pod-${s % 17}"} ${(Math.sin(p / 50 + s) * 100 + 200).toFixed(3)} ${endS - (2_000 - p) * 15}`);
  lines.push('# EOF', '');
  const input = join(work, 'data.om');
  writeFileSync(input, lines.join('\n'));
  const data = join(work, 'tsdb');
  const r = spawnSync(BIN.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool backfill failed: ${r.stderr}`);
  return data;
}

async function startPrometheus(data) {
  const port = await freePort();
  writeFileSync(join(work, 'prometheus.yml'), 'global: {}\nscrape_configs: []\n');
  children.push(spawn(BIN.prometheus, [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=warn'], { stdio: 'ignore' }));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);
  return url;
}

async function startAlertmanager() {
  const port = await freePort();
  const cluster = await freePort();
  writeFileSync(join(work, 'am.yml'), 'route: {receiver: none}\nreceivers: [{name: none}]\n');
  children.push(spawn(BIN.alertmanager, [`--config.file=${join(work, 'am.yml')}`, `--storage.path=${join(work, 'am')}`, `--web.listen-address=127.0.0.1:${port}`, `--cluster.listen-address=127.0.0.1:${cluster}`, '--log.level=warn'], { stdio: 'ignore' }));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);
  return url;
}

async function postAlerts(url, count, from) {
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const alerts = Array.from({ length: count }, (_, i) => ({
    labels: { alertname: `BenchAlert${(from + i) % 40}`, service: `svc-${(from + i) % 97}`, instance: `i-${from + i}`, severity: i % 5 ? 'warning' : 'critical' },
    annotations: { summary: `bench alert ${from + i}` },
    endsAt,
  }));
  const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status}`);
}

/** Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one run, from /usr/bin/time. */
function once(argv, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const [wall, user, sys, kib] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, mib: kib / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run obs's command and the peer's, interleaved, and print medians side by side. */
function compare(work, obs, peer, env = {}) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(once(obs, env));
    b.push(once(peer, env));
  }
  const [o, p] = [a, b].map((rs) => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), mib: median(rs.map((r) => r.mib)) }));
  const side = (r) => `${r.wall.toFixed(3)} s wall ${r.cpu.toFixed(2)} s cpu ${r.mib.toFixed(0).padStart(4)} MiB`;
  console.log(`${work.padEnd(34)} obs ${side(o)} | peer ${side(p)} | ${(o.wall / p.wall).toFixed(2)}x wall, ${(o.cpu / p.cpu).toFixed(2)}x cpu, ${(o.mib / p.mib).toFixed(2)}x memory`);
  return o;
}

const obsBin = ['node', join(root, 'bin/obs.js')];
const endS = Math.floor(Date.now() / 1000);
const prometheus = await startPrometheus(backfillRangeData(endS));
const alertmanager = await startAlertmanager();
const env = { OBS_PROMETHEUS_URL: prometheus, OBS_ALERTMANAGER_URL: alertmanager, OBS_HOME: join(work, 'home') };
console.log(`medians of ${runs} interleaved runs each; peer in the right-hand column`);

// Node's own floor: starting it, and starting it to make one bare HTTP request. No Node program
// answers faster than these, so they show how much of obs's start-up is its own.
const floor = compare('floor: node -e 0', ['node', '-e', '0'], [BIN.promtool, 'query', 'instant', prometheus, 'sum(bench_gauge)'], env);
const bareRequest = `require('node:http').get(process.argv[1] + '/api/v1/query?query=sum(bench_gauge)', (r) => r.pipe(process.stdout))`;
compare('floor: node, one bare request', ['node', '-e', bareRequest, prometheus], [BIN.promtool, 'query', 'instant', prometheus, 'sum(bench_gauge)'], env);
const instant = compare('instant query, whole process', [...obsBin, 'query', 'sum(bench_gauge)', '-o', 'json'], [BIN.promtool, 'query', 'instant', prometheus, 'sum(bench_gauge)'], env);
const range = ['--from', String(endS - 2_000 * 15), '--to', String(endS), '--step', '15s'];
compare('range query, 200 series x 2,000 pts', [...obsBin, 'query', 'bench_gauge', ...range, '-o', 'json'], [BIN.promtool, 'query', 'range', `--start=${endS - 2_000 * 15}`, `--end=${endS}`, '--step=15s', prometheus, 'bench_gauge'], env);
compare('query --help', [...obsBin, 'query', '--help'], ['node', '-e', '0']);
if (existsSync(join(root, 'dist/obs.mjs'))) compare('bundle --version', ['node', join(root, 'dist/obs.mjs'), '--version'], ['node', '-e', '0']);
else console.log('bundle --version: skipped (run `npm run bundle` first)');

await postAlerts(alertmanager, 500, 0);
const alerts500 = compare('alerts list, 500 alerts', [...obsBin, 'alerts', 'list', '-o', 'json'], [BIN.amtool, 'alert', 'query', `--alertmanager.url=${alertmanager}`, '-o', 'json'], env);
for (let from = 500; from < 5_000; from += 500) await postAlerts(alertmanager, 500, from);
compare('alerts list, 5,000 alerts', [...obsBin, 'alerts', 'list', '-o', 'json'], [BIN.amtool, 'alert', 'query', `--alertmanager.url=${alertmanager}`, '-o', 'json'], env);

// What obs itself costs above starting Node: the part that obs's code can change.
const own = (r) => `${((r.wall - floor.wall) * 1000).toFixed(0)} ms wall, ${((r.cpu - floor.cpu) * 1000).toFixed(0)} ms cpu`;
console.log(`obs's own share above node -e 0: instant query ${own(instant)}; alerts list of 500 ${own(alerts500)}`);
// The servers are child processes that would keep Node running; exiting stops them (see above).
process.exit(0);
