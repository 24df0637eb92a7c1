// Live `obs alerts correlate` on a storm of 5,000 alerts: how many requests it sends to each backend
// and how long the whole process takes. A real Alertmanager holds the alerts (posted by the script,
// spread over the demo's services and instances) and a real, empty Prometheus answers the alert list
// and the SLO burn queries of the demo's SLO specs (slos/demo, in the working directory); Loki and
// Jaeger are the demo world's (src/sim), so log patterns, error traces and the dependency graph
// answer. Each backend sits behind a counting proxy. `--demo-prometheus` asks the demo's Prometheus
// instead (its /api/v1/alerts replays the rules and takes seconds).
// Usage: node bench/alerts-correlate-live.bench.js [runs] [alerts] [--demo-prometheus] [--against=DIR]
// (default 5 runs of 5,000 alerts; needs `npm run build` and Debian's prometheus and
// prometheus-alertmanager). `--against=DIR` interleaves each run with the build in DIR (another
// checkout, built) and prints both; BENCH_NODE_ARGS passes flags to node (e.g. `--cpu-prof`).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitReady } from './servers.js';
import { countingProxy } from './counting-proxy.js';
import { startDemo } from '../dist/src/sim/server.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const demoPrometheus = process.argv.includes('--demo-prometheus');
const against = process.argv.find((a) => a.startsWith('--against='))?.slice('--against='.length);
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const runs = Number(args[0] ?? 5);
const total = Number(args[1] ?? 5_000);
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const PROMETHEUS = '/usr/bin/prometheus';
for (const bin of [ALERTMANAGER, PROMETHEUS]) {
  if (!existsSync(bin)) {
    console.error(`alerts-correlate-live bench: ${bin} not found (apt-get install prometheus prometheus-alertmanager)`);
    process.exit(2);
  }
}
const work = mkdtempSync(join(tmpdir(), 'obs-correlate-live-'));
const children = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

async function startAlertmanager() {
  const port = await freePort();
  const cluster = await freePort();
  writeFileSync(join(work, 'am.yml'), 'route: {receiver: none, group_by: [alertname, service]}\nreceivers: [{name: none}]\n');
  children.push(spawn(ALERTMANAGER, [`--config.file=${join(work, 'am.yml')}`, `--storage.path=${join(work, 'am')}`, `--web.listen-address=127.0.0.1:${port}`, `--cluster.listen-address=127.0.0.1:${cluster}`, '--log.level=warn'], { stdio: 'ignore' }));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);
  return url;
}

async function startPrometheus() {
  const port = await freePort();
  writeFileSync(join(work, 'prometheus.yml'), 'global: {}\nscrape_configs: []\n');
  children.push(spawn(PROMETHEUS, [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: 'ignore' }));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);
  return url;
}

/** `n` alerts over the demo's services, as an incident storm: symptom rules on many instances each. */
async function postStorm(url, n) {
  const services = ['frontend', 'checkout', 'payments', 'payments-db', 'cart', 'cart-cache', 'auth', 'inference', 'orders-queue'];
  const rules = ['HighErrorRate', 'HighLatency', 'DbConnectionsSaturated', 'CacheSaturation', 'InstanceDown', 'PodRestarting', 'MemoryHigh', 'CpuThrottled'];
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const startsAt = (i) => new Date(Date.now() - 15 * 60_000 + (i % 600) * 1000).toISOString();
  for (let from = 0; from < n; from += 500) {
    const alerts = Array.from({ length: Math.min(500, n - from) }, (_, k) => {
      const i = from + k;
      const service = services[i % services.length];
      return {
        labels: { alertname: rules[i % rules.length], service, instance: `${service}-${i % 211}:8080`, node: `node-${i % 13}`, severity: i % 5 ? 'warning' : 'critical' },
        annotations: { summary: `storm alert ${i}` },
        startsAt: startsAt(i),
        endsAt,
      };
    });
    const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status}`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const demo = await startDemo({ scenario: 'payments-db-latency' });
const alertmanager = await startAlertmanager();
await postStorm(alertmanager, total);
const proxies = {
  alertmanager: await countingProxy(alertmanager),
  prometheus: await countingProxy(demoPrometheus ? demo.urls.prometheus : await startPrometheus()),
  loki: await countingProxy(demo.urls.loki),
  jaeger: await countingProxy(demo.urls.jaeger),
};
const cwd = join(work, 'cwd');
cpSync(join(root, 'slos/demo'), join(cwd, 'slos'), { recursive: true });
const env = {
  ...process.env, OBS_HOME: join(work, 'home'), OBS_ALERTMANAGER_URL: proxies.alertmanager.url, OBS_PROMETHEUS_URL: proxies.prometheus.url,
  OBS_LOKI_URL: proxies.loki.url, OBS_JAEGER_URL: proxies.jaeger.url,
};

console.log(`obs alerts correlate, live, ${total} alerts in Alertmanager, ${demoPrometheus ? 'the demo\'s' : 'a real'} Prometheus; ${runs} runs (min / median / max)`);
/** One whole `obs alerts correlate -o json` of the build in `dir`: times, memory, requests, what it said on stderr. */
async function correlate(dir) {
  for (const p of Object.values(proxies)) p.reset();
  // Run in the background: the proxies and the demo answer from this process.
  const r = await new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', 'node', ...nodeArgs, join(dir, 'bin/obs.js'), 'alerts', 'correlate', '-o', 'json'], { cwd, env });
    let stderr = '';
    let stdout = 0;
    child.stdout.on('data', (d) => (stdout += d.length));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
  const [wall, user, sys, kib] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  if (r.code !== 0 && r.code !== 3) throw new Error(`obs exited ${r.code}: ${r.stderr.slice(-600)}`);
  const requests = Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.count]));
  return { wall, cpu: user + sys, mib: kib / 1024, requests, all: Object.values(requests).reduce((a, b) => a + b, 0), notes: r.stderr.trim().split('\n').slice(0, -1) };
}

const builds = against ? [['this build', root], [`--against ${against}`, against]] : [['this build', root]];
const rows = new Map(builds.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, dir] of i % 2 ? [...builds].reverse() : builds) rows.get(name).push(await correlate(dir));
}
const stat = (xs, f) => `${Math.min(...xs.map(f)).toFixed(2)} / ${median(xs.map(f)).toFixed(2)} / ${Math.max(...xs.map(f)).toFixed(2)}`;
for (const [name, xs] of rows) {
  if (builds.length > 1) console.log(name);
  console.log(`wall s      ${stat(xs, (r) => r.wall)}`);
  console.log(`cpu s       ${stat(xs, (r) => r.cpu)}`);
  console.log(`peak MiB    ${stat(xs, (r) => r.mib)}`);
  console.log(`requests    ${stat(xs, (r) => r.all)}   (last run: ${Object.entries(xs.at(-1).requests).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  console.log(`over budget ${xs.filter((r) => r.notes.some((n) => n.includes('skipped: no answer within'))).length} of ${xs.length} runs left a source out for the time budget`);
  for (const note of xs.at(-1).notes) console.log(`  obs said: ${note}`);
}
await demo.close();
process.exit(0);
