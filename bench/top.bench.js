// obs top: render time with 200 services, memory after 1,000 refresh cycles against the demo
// world, CPU while idle at a 2 s refresh, and HTTP requests per refresh with 10 and 200 services.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import React from 'react';
import { render } from 'ink-testing-library';
import { render as inkRender } from 'ink';
import { Writable, PassThrough } from 'node:stream';
import { App } from '../dist/views/app.js';
import { makeTheme } from '../dist/views/theme.js';
import { liveCockpit } from '../dist/src/cockpit/live.js';
import { openBackends } from '../dist/src/backends/index.js';
import { resolveContext } from '../dist/src/config/resolve.js';
import { loadSloFiles } from '../dist/src/slo/load.js';
import { sloCockpit } from '../dist/src/slo/live.js';

const root = new URL('..', import.meta.url).pathname;
const h = React.createElement;
const theme = makeTheme({ color: true, unicode: true });
const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

function fakeServices(n) {
  return Array.from({ length: n }, (_, i) => ({
    service: `svc-${String(i).padStart(3, '0')}`, rps: 10 + i, errorRatio: (i % 17) / 100, p50: 0.01 * i, p95: 0.02 * i, p99: 0.05 * i, up: i % 50 !== 0,
    trend: { rps: Array.from({ length: 30 }, (_, k) => k + i), errorRatio: Array.from({ length: 30 }, (_, k) => (k % 5) / 100), p99: Array.from({ length: 30 }, (_, k) => k / 10) },
    firingAlerts: i % 7 === 0 ? 2 : 0,
  }));
}

function staticData(n) {
  const services = fakeServices(n);
  const nothing = async () => [];
  return {
    contextName: 'bench', backendStatus: async () => [{ backend: 'prometheus', state: 'up', latencyMs: 5 }],
    services: async () => ({ services, partial: {} }), alerts: nothing, incidents: nothing,
    serviceSeries: async () => ({ rps: [], errorRatio: [], p50: [], p95: [], p99: [] }), serviceSlos: nothing, serviceLogs: nothing,
    serviceTraces: nothing, trace: async () => ({ traceId: '', spans: [] }), logs: nothing, slos: nothing,
  };
}

async function waitFrame(app, test, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test(app.lastFrame() ?? '')) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('frame never appeared');
}

async function renderTime() {
  const runs = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    const app = render(h(App, { data: staticData(200), theme, refreshMs: 60_000 }));
    Object.defineProperty(app.stdout, 'columns', { value: 160 });
    Object.defineProperty(app.stdout, 'rows', { value: 50 });
    app.stdout.emit('resize');
    await waitFrame(app, (f) => f.includes('Services (200)'));
    runs.push(performance.now() - start);
    app.unmount();
  }
  runs.sort((a, b) => a - b);
  console.log(`render of the overview with 200 services (160x50): median ${runs[7].toFixed(1)} ms, min ${runs[0].toFixed(1)} ms (first frame with data, includes React mount)`);
}

async function startDemoProcess() {
  const child = spawn(process.execPath, [join(root, 'bin/obs.js'), 'demo'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OBS_HOME: '/tmp/obs-bench-home' } });
  let text = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      text += c;
      if (text.includes('Ctrl-C')) resolve();
    });
    child.on('exit', () => reject(new Error('demo exited')));
  });
  const url = (name) => new RegExp(`${name}:\\s*\\n\\s*url: (\\S+)`).exec(text)?.[1];
  return { child, urls: { prometheus: url('prometheus'), alertmanager: url('alertmanager'), loki: url('loki'), jaeger: url('jaeger'), amplitude: url('amplitude') } };
}

async function memoryAfterRefreshes(urls) {
  const context = resolveContext({ contexts: { demo: { prometheus: { url: urls.prometheus }, alertmanager: { url: urls.alertmanager }, loki: { url: urls.loki }, jaeger: { url: urls.jaeger } } } }, 'demo', {});
  const backends = await openBackends(context);
  const data = liveCockpit(backends);
  let cycles = 0;
  const counted = { ...data, services: async () => { cycles++; return data.services(); } };
  // A real Ink render into a terminal-sized sink (ink-testing-library keeps every frame, which would be measured instead).
  let lastFrame = '';
  const stdout = Object.assign(new Writable({ write(chunk, _enc, done) { lastFrame = (lastFrame + String(chunk)).slice(-100_000); done(); } }), { columns: 160, rows: 50, isTTY: true });
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {}, ref() {}, unref() {} });
  const app = inkRender(h(App, { data: counted, theme, refreshMs: 1 }), { stdout, stdin, patchConsole: false, exitOnCtrlC: false });
  while (cycles < 2) await new Promise((r) => setTimeout(r, 50));
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  while (cycles < 1000) await new Promise((r) => setTimeout(r, 50));
  if (!lastFrame.includes('payments')) throw new Error('the overview never showed the demo services');
  const seconds = (performance.now() - started) / 1000;
  app.unmount();
  global.gc?.();
  const after = process.memoryUsage();
  console.log(`1,000 refresh cycles against the demo world: ${seconds.toFixed(1)} s; RSS ${mib(baseline)} after the first refresh, ${mib(after.rss)} after 1,000 (heap ${mib(after.heapUsed)})`);
  await backends.close();
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

async function idleCpu(urls) {
  if (spawnSync('tmux', ['-V']).status !== 0) return console.log('idle CPU: skipped (tmux not installed)');
  const socket = `obs-bench-${process.pid}`;
  const env = { OBS_PROMETHEUS_URL: urls.prometheus, OBS_ALERTMANAGER_URL: urls.alertmanager, OBS_LOKI_URL: urls.loki, OBS_JAEGER_URL: urls.jaeger, OBS_HOME: '/tmp/obs-bench-home' };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  spawnSync('tmux', ['-L', socket, 'new-session', '-d', '-x', '120', '-y', '40', `env ${envArgs} node ${join(root, 'bin/obs.js')} top --refresh 2s`]);
  await new Promise((r) => setTimeout(r, 8000));
  const pid = Number(spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{pane_pid}'], { encoding: 'utf8' }).stdout.trim());
  const child = Number(spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]) || pid;
  const before = cpuSeconds(child);
  await new Promise((r) => setTimeout(r, 30_000));
  const used = cpuSeconds(child) - before;
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  console.log(`CPU of obs top at a 2 s refresh over 30 s: ${used.toFixed(2)} s = ${((used / 30) * 100).toFixed(1)}% of one core (the demo world runs in another process)`);
}

/** A Prometheus of classic-named services that answers every query with one series per service, counting requests. */
async function countingPrometheus(services) {
  const server = createServer((req, res) => {
    server.count++;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url.startsWith('/api/v1/query_range')) {
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: services.map((s) => ({ metric: { service: s }, values: [[1, '1'], [2, '2']] })) } }));
      } else if (req.url.startsWith('/api/v1/query')) {
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: services.map((s) => ({ metric: { service: s }, value: [1, '1'] })) } }));
      } else if (req.url.startsWith('/api/v1/alerts')) res.end(JSON.stringify({ status: 'success', data: { alerts: [] } }));
      else if (req.url.startsWith('/api/v1/label/__name__/')) res.end(JSON.stringify({ status: 'success', data: ['http_requests_total', 'http_request_duration_seconds_bucket', 'up'] }));
      else if (req.url.startsWith('/api/v1/label/')) res.end(JSON.stringify({ status: 'success', data: services }));
      else if (req.url.startsWith('/api/v1/labels')) res.end(JSON.stringify({ status: 'success', data: ['__name__', 'service', 'code', 'le', 'job'] }));
      else res.end(JSON.stringify({ status: 'success', data: { version: 'bench' } }));
    });
  });
  server.count = 0;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { server, backends: await openBackends(resolveContext({ contexts: { b: { prometheus: { url } } } }, 'b', {})) };
}

async function requestsPerRefresh(n) {
  const { server, backends } = await countingPrometheus(Array.from({ length: n }, (_, i) => `svc-${i}`));
  const data = liveCockpit(backends);
  await Promise.all([data.services(), data.alerts(), data.backendStatus()]);
  await backends.close();
  server.close();
  return server.count;
}

/**
 * Prometheus requests of one minute of `obs top` with 50 SLO specs at a refresh interval (a clock
 * stepped by hand); with `alertsScreen`, the `:alerts` screen's likely causes are ranked every third
 * refresh as well (with the SLO burn of the shared report, as `obs top` wires it).
 */
async function requestsPerMinuteWithSlos(refreshMs, alertsScreen = false) {
  const dir = mkdtempSync(join(tmpdir(), 'obs-bench-slos-'));
  const services = Array.from({ length: 50 }, (_, i) => `svc-${i}`);
  for (const s of services)
    writeFileSync(join(dir, `${s}.yaml`), `version: "prometheus/v1"\nservice: "${s}"\nslos:\n  - name: "availability"\n    objective: 99.9\n    sli:\n      events:\n        error_query: http_requests_total{service="${s}",code=~"5.."}\n        total_query: http_requests_total{service="${s}"}\n`);
  const { slos } = await loadSloFiles([dir]);
  rmSync(dir, { recursive: true, force: true });
  const { server, backends } = await countingPrometheus(services);
  let now = Date.now();
  const clock = () => now;
  const sloData = sloCockpit(backends.prometheus, slos, clock);
  const data = liveCockpit(backends, { now: clock, extras: { slos: sloData.slos, budgets: sloData.budgetByService }, rankingEvidence: { sloBurn: sloData.burnByService } });
  // The overview asks for anomalies every 5 minutes; counted here once in every minute, as an upper bound.
  for (let t = 0; t < 60_000; t += refreshMs, now += refreshMs) {
    const suspects = alertsScreen && t % (3 * refreshMs) === 0 ? [data.suspects()] : [];
    await Promise.all([data.services(), data.alerts(), data.backendStatus(), data.slos(), data.budgets(), ...(t === 0 ? [data.anomalies()] : []), ...suspects]);
  }
  await backends.close();
  server.close();
  return { slos: slos.length, requests: server.count };
}

await renderTime();
const r10 = await requestsPerRefresh(10);
const r200 = await requestsPerRefresh(200);
console.log(`HTTP requests per overview refresh (services, alerts, backend probe): ${r10} with 10 services, ${r200} with 200 services`);
for (const refreshMs of [5_000, 2_000]) {
  const minute = await requestsPerMinuteWithSlos(refreshMs);
  console.log(`Prometheus requests in one minute of obs top at a ${refreshMs / 1000} s refresh with ${minute.slos} SLO specs: ${minute.requests} (target ≤ 400; 5 s is the default refresh)`);
  const withAlerts = await requestsPerMinuteWithSlos(refreshMs, true);
  console.log(`  the same with the :alerts screen's likely causes ranked every ${(3 * refreshMs) / 1000} s: ${withAlerts.requests}`);
}
const demo = await startDemoProcess();
try {
  await memoryAfterRefreshes(demo.urls);
  await idleCpu(demo.urls);
} finally {
  demo.child.kill('SIGINT');
}
process.exit(0);
