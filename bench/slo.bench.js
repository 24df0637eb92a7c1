// Wall time and HTTP requests of `obs slo check` for 50 SLOs against a real Prometheus 2.42.
// The bench backfills 4 days of 1-minute samples for 50 services (40 availability SLOs over
// http_requests_total, 10 latency SLOs over a histogram; all 30-day SLOs, so every query reads all
// the history) with promtool, starts Prometheus on a free port, writes the 50 specs, and runs the
// compiled CLI in-process with --debug, counting requests. (promtool 2.42 reads its whole input once
// per 2-hour block: 30 days of history take it about 5 minutes, 4 days a few seconds.)
// Usage: node bench/slo.bench.js [runs]   (default 3; needs `npm run build` and the Debian packages
// prometheus + promtool, or OBS_TEST_PROMETHEUS / OBS_TEST_PROMTOOL pointing at them)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitReady } from './servers.js';
import { PassThrough } from 'node:stream';
import { main } from '../dist/commands/main.js';
import { evaluateSlos, loadSloFiles } from '../dist/src/slo/index.js';

const PROMETHEUS = process.env.OBS_TEST_PROMETHEUS ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.OBS_TEST_PROMTOOL ?? '/usr/bin/promtool';
const runs = Number(process.argv[2] ?? 3);
const root = new URL('..', import.meta.url).pathname;
const STEP_S = 60;
const DAYS = 4;
const AT_S = Math.floor(Date.UTC(2024, 4, 15, 10) / 1000);
const START_S = AT_S - DAYS * 86_400;
const AVAILABILITY = 40;
const LATENCY = 10;
const BUCKETS = ['0.1', '0.25', '0.5', '1', '+Inf'];

const work = mkdtempSync(join(tmpdir(), 'obs-slo-bench-'));
let prometheus;
process.on('exit', () => {
  prometheus?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function checkBinaries() {
  for (const bin of [PROMETHEUS, PROMTOOL]) {
    if (spawnSync(bin, ['--version']).status !== 0) {
      console.error(`slo bench: ${bin} not found (apt-get install prometheus, or set OBS_TEST_PROMETHEUS / OBS_TEST_PROMTOOL)`);
      process.exit(2);
    }
  }
}

/** svc-N serves 100-600 requests a minute with 0.05% errors; lat-N 500 a minute into a histogram. */
async function writeHistory(file) {
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  const steps = (DAYS * 86_400) / STEP_S;
  await write('# TYPE http_requests_total unknown\n');
  for (let i = 0; i < AVAILABILITY; i++) {
    const perStep = 100 + 13 * i;
    for (const [code, share] of [['200', 0.9995], ['500', 0.0005]]) {
      let lines = '';
      for (let k = 0; k <= steps; k++) lines += `http_requests_total{service="svc-${i}",code="${code}"} ${Math.round(k * perStep * share)} ${START_S + k * STEP_S}\n`;
      await write(lines);
    }
  }
  await write('# TYPE http_request_duration_seconds_bucket unknown\n');
  for (let i = 0; i < LATENCY; i++) {
    for (const [b, le] of BUCKETS.entries()) {
      const share = [0.9, 0.97, 0.995, 0.999, 1][b];
      let lines = '';
      for (let k = 0; k <= steps; k++) lines += `http_request_duration_seconds_bucket{service="lat-${i}",le="${le}"} ${Math.round(k * 500 * share)} ${START_S + k * STEP_S}\n`;
      await write(lines);
    }
  }
  await write('# EOF\n');
  await new Promise((r) => out.end(r));
}

function writeSpecs(dir) {
  mkdirSync(dir);
  for (let i = 0; i < AVAILABILITY; i++) {
    writeFileSync(join(dir, `svc-${i}.sloth.yaml`), [
      'version: "prometheus/v1"',
      `service: "svc-${i}"`,
      'slos:',
      '  - name: "availability"',
      '    objective: 99.9',
      '    sli:',
      '      events:',
      `        error_query: http_requests_total{service="svc-${i}",code=~"5.."}`,
      `        total_query: http_requests_total{service="svc-${i}"}`,
      '',
    ].join('\n'));
  }
  for (let i = 0; i < LATENCY; i++) {
    writeFileSync(join(dir, `lat-${i}.openslo.yaml`), [
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata:',
      `  name: lat-${i}-latency`,
      'spec:',
      `  service: lat-${i}`,
      '  indicator:',
      '    metadata:',
      `      name: lat-${i}-latency`,
      '    spec:',
      '      thresholdMetric:',
      '        metricSource:',
      '          type: Prometheus',
      '          spec:',
      `            query: http_request_duration_seconds_bucket{service="lat-${i}"}`,
      '  timeWindow:',
      '    - duration: 30d',
      '      isRolling: true',
      '  objectives:',
      '    - op: lte',
      '      value: 0.5',
      '      target: 0.99',
      '',
    ].join('\n'));
  }
}

async function startPrometheus(dataDir) {
  const config = join(work, 'prometheus.yml');
  writeFileSync(config, 'global:\n  evaluation_interval: 15s\nscrape_configs: []\n');
  const port = await freePort();
  prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=warn'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);
  return url;
}

async function obs(args, env) {
  const out = [];
  const err = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: false, columns: 120 });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdout.on('data', (c) => out.push(c));
  stderr.on('data', (c) => err.push(c));
  stdin.end();
  const code = await main(args, { stdout, stderr, stdin, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, now: () => AT_S * 1000 }, 'bench');
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

checkBinaries();
let t = performance.now();
const phase = (name) => console.log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
const history = join(work, 'history.om');
await writeHistory(history);
phase('history written');
const dataDir = join(work, 'tsdb');
const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', history, dataDir], { encoding: 'utf8' });
if (backfill.status !== 0) throw new Error(`promtool failed: ${backfill.stderr}`);
phase('promtool done');
rmSync(history);
const url = await startPrometheus(dataDir);
phase('prometheus ready');
const specs = join(work, 'slos');
writeSpecs(specs);
const seriesCount = AVAILABILITY * 2 + LATENCY * BUCKETS.length;
console.log(`setup: ${seriesCount} series × ${(DAYS * 86_400) / STEP_S + 1} samples backfilled and Prometheus started in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const configDir = join(work, 'home');
const times = [];
let requests = 0;
let verdict = '';
for (let i = 0; i < runs; i++) {
  t = performance.now();
  const r = await obs(['--config-dir', configDir, '--debug', 'slo', 'check', '-f', specs, '-o', 'json'], { OBS_PROMETHEUS_URL: url });
  times.push(performance.now() - t);
  if (r.code !== 0) throw new Error(`obs slo check exited ${r.code}: ${r.stderr.split('\n').filter((l) => !l.startsWith('[debug]')).join('\n')}`);
  requests = r.stderr.split('\n').filter((l) => l.startsWith('[debug] → ')).length;
  const report = JSON.parse(r.stdout);
  verdict = `${report.slos.length} SLOs, overall ${report.verdict}`;
}
times.sort((a, b) => a - b);
console.log(`obs slo check, 50 SLOs (${verdict}): wall time median ${Math.round(times[Math.floor(times.length / 2)])} ms (min ${Math.round(times[0])}, max ${Math.round(times.at(-1))}) over ${runs} runs`);
console.log(`HTTP requests per run: ${requests} (50 SLOs × 8 windows × 2 queries, 25 to a request, + ${LATENCY} bucket lookups; concurrency 8)`);

// The plain loop: the same PromQL obs's evaluation asks (recorded once, unbatched), sent one query
// at a time by a bare Node script, each answer parsed. Both are whole processes, run interleaved.
const asked = [];
const recording = async (promql, atMs) => {
  asked.push({ promql, time: atMs / 1000 });
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: promql, time: String(atMs / 1000) }) });
  const body = await res.json();
  return { series: (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) })) };
};
const { slos } = await loadSloFiles([specs]);
await evaluateSlos(slos, recording, { at: AT_S * 1000 });
const queriesFile = join(work, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(asked));
const loopScript = join(work, 'plain-loop.mjs');
writeFileSync(loopScript, `import { readFileSync } from 'node:fs';
for (const q of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  const res = await fetch(process.argv[3] + '/api/v1/query', { method: 'POST', body: new URLSearchParams({ query: q.promql, time: String(q.time) }) });
  if ((await res.json()).status !== 'success') process.exit(1);
}
`);
const measureProcess = (argv) => {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...argv], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: configDir, OBS_PROMETHEUS_URL: url } });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys };
};
const obsProcess = [];
const loopProcess = [];
for (let i = 0; i < runs; i++) {
  obsProcess.push(measureProcess([process.execPath, join(root, 'bin', 'obs.js'), '--config-dir', configDir, 'slo', 'check', '-f', specs, '--at', String(AT_S), '-o', 'json']));
  loopProcess.push(measureProcess([process.execPath, loopScript, queriesFile, url]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const side = (rs) => `${median(rs.map((r) => r.wall)).toFixed(2)} s wall, ${median(rs.map((r) => r.cpu)).toFixed(2)} s cpu`;
console.log(`whole process, medians of ${runs} interleaved runs: obs slo check ${side(obsProcess)} | plain loop of the same ${asked.length} queries ${side(loopProcess)} | ${(median(obsProcess.map((r) => r.wall)) / median(loopProcess.map((r) => r.wall))).toFixed(2)}x wall`);
prometheus.kill('SIGTERM');
