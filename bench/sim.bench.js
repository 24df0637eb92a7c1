// The demo world's Prometheus: memory while idle, the time to answer 30-day range queries at a 1h step,
// and memory/CPU under a loop of dashboard-like queries. Everything goes over HTTP on loopback, the
// server and this client in one process (so the CPU figure includes the client's share).
// Usage: node --expose-gc bench/sim.bench.js [loop-seconds]   (default 20; needs `npm run build`)
import { startDemo } from '../dist/src/sim/server.js';

const loopSeconds = Number(process.argv[2] ?? 20);
const MiB = 1024 * 1024;
const DAY = 86_400_000;

function gc() {
  if (globalThis.gc) {
    globalThis.gc();
    globalThis.gc();
  }
}

function mem() {
  const m = process.memoryUsage();
  return `rss ${(m.rss / MiB).toFixed(1)} MiB, heap ${(m.heapUsed / MiB).toFixed(1)} MiB, array buffers ${(m.arrayBuffers / MiB).toFixed(1)} MiB`;
}

async function get(base, path, params) {
  const started = performance.now();
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  const body = await res.json();
  if (body.status !== 'success') throw new Error(`${path} ${params.query}: ${body.error}`);
  return { ms: performance.now() - started, body };
}

const demo = await startDemo();
const prom = demo.urls.prometheus;
const now = Date.now() / 1000;

gc();
console.log(`idle after start:             ${mem()}`);
const idleCpu = process.cpuUsage();
await new Promise((r) => setTimeout(r, 5000));
const idle = process.cpuUsage(idleCpu);
gc();
console.log(`idle 5 s later:               ${mem()}, CPU ${(((idle.user + idle.system) / 1e6 / 5) * 100).toFixed(1)}% of one core`);

console.log('\n30-day query_range, step 1h (721 points per series):');
const range = { start: String(now - 30 * DAY / 1000), end: String(now), step: '3600' };
for (const [name, query] of [
  ['10 series (cpu rate)', 'rate(process_cpu_seconds_total{service=~"frontend|checkout|auth|inference"}[5m])'],
  ['6 series from 124 (sum by service)', 'sum by (service) (rate(http_requests_total[5m]))'],
  ['6 series, p99 from buckets', 'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))'],
  ['10 gauges', 'process_resident_memory_bytes{service=~"frontend|checkout|auth|inference"}'],
]) {
  const cold = await get(prom, '/api/v1/query_range', { query, ...range });
  let warm = Infinity;
  for (let i = 0; i < 3; i++) warm = Math.min(warm, (await get(prom, '/api/v1/query_range', { query, ...range })).ms);
  const series = cold.body.data.result.length;
  const points = cold.body.data.result.reduce((a, s) => a + s.values.length, 0);
  console.log(`  ${name.padEnd(36)} ${series} series, ${points} points: cold ${cold.ms.toFixed(0)} ms, warm (best of 3) ${warm.toFixed(0)} ms`);
}
console.log('\nSLO queries at now (instant):');
for (const [name, query] of [
  ['30-day availability (occurrences)', 'sum(increase(http_requests_total{service="checkout",code=~"5.."}[30d])) / sum(increase(http_requests_total{service="checkout"}[30d]))'],
  ['30-day latency from buckets', 'sum(increase(db_query_duration_seconds_bucket{service="payments-db",le="0.1"}[30d])) / sum(increase(db_query_duration_seconds_bucket{service="payments-db",le="+Inf"}[30d]))'],
  ['1-day timeslices (1m subquery)', 'count_over_time((sum(increase(http_requests_total{service="checkout",code=~"5.."}[1m])) / sum(increase(http_requests_total{service="checkout"}[1m])) < 0.01)[1d:1m])'],
]) {
  const first = await get(prom, '/api/v1/query', { query, time: String(now) });
  const again = await get(prom, '/api/v1/query', { query, time: String(now + 15) });
  console.log(`  ${name.padEnd(36)} ${first.ms.toFixed(0)} ms, then ${again.ms.toFixed(0)} ms`);
}
gc();
console.log(`after the 30-day queries:     ${mem()}`);

console.log(`\nloop of dashboard queries for ${loopSeconds} s:`);
const dashboard = [
  ['/api/v1/query', { query: 'sum by (service) (rate(http_requests_total[5m]))' }],
  ['/api/v1/query', { query: 'sum by (service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m]))' }],
  ['/api/v1/query', { query: 'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))' }],
  ['/api/v1/query_range', { query: 'sum by (service) (rate(http_requests_total[5m]))', start: String(now - 3600), end: String(now), step: '15' }],
  ['/api/v1/query_range', { query: 'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))', start: String(now - 3600), end: String(now), step: '60' }],
  ['/api/v1/alerts', {}],
];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let requests = 0;
let peakRss = 0;
const latencies = [];
while (performance.now() - t0 < loopSeconds * 1000) {
  for (const [path, params] of dashboard) {
    const r = path === '/api/v1/alerts' ? await get(prom, path, {}) : await get(prom, path, params);
    latencies.push(r.ms);
    requests++;
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
console.log(`  ${requests} requests, ${(requests / wall).toFixed(1)} req/s`);
console.log(`  latency p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms`);
console.log(`  CPU ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core, peak rss ${(peakRss / MiB).toFixed(1)} MiB`);
gc();
console.log(`after the loop:               ${mem()}`);

await demo.close();
