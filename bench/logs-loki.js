#!/usr/bin/env node
// `obs logs query` and `obs logs patterns --engine loki` against a real Loki 3.4.6, next to the
// paging floor (the same lines paged with plain HTTP requests of 5,000, as logcli does). Not part
// of `npm test` or `npm run bench` (it takes minutes): run `npm run build && node bench/logs-loki.js`.
// The Loki binary: OBS_TEST_LOKI, a `loki` on PATH, or ../shared/bin/loki-3.4.6-linux-amd64.xz.
// LINES (default 1,000,000) and BIG (default 3,000,000, 0 to skip) set the sizes; ROUNDS (3) the
// interleaved runs whose medians are printed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const OBS = join(here, '..', 'bin', 'obs.js');
const LINES = Number(process.env.LINES ?? 1_000_000);
const BIG = Number(process.env.BIG ?? 3_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECOND = 1_000_000_000n;
const work = mkdtempSync(join(tmpdir(), 'obs-bench-loki-'));
let loki;
process.on('exit', () => {
  loki?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function lokiBinary() {
  if (process.env.OBS_TEST_LOKI) return process.env.OBS_TEST_LOKI;
  try {
    return execFileSync('sh', ['-c', 'command -v loki'], { encoding: 'utf8' }).trim();
  } catch {
    const xz = join(here, '..', '..', 'shared', 'bin', 'loki-3.4.6-linux-amd64.xz');
    if (!existsSync(xz)) throw new Error('no Loki: set OBS_TEST_LOKI');
    execFileSync('sh', ['-c', `xz -dc "${xz}" > "${work}/loki" && chmod +x "${work}/loki"`]);
    return join(work, 'loki');
  }
}

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

async function startLoki() {
  const [http, grpc] = [await freePort(), await freePort()];
  writeFileSync(join(work, 'loki.yaml'), `auth_enabled: false
server: {http_listen_address: 127.0.0.1, http_listen_port: ${http}, grpc_listen_address: 127.0.0.1, grpc_listen_port: ${grpc}, log_level: warn, http_server_write_timeout: 5m}
common: {instance_addr: 127.0.0.1, path_prefix: ${work}, storage: {filesystem: {chunks_directory: ${work}/chunks, rules_directory: ${work}/rules}}, replication_factor: 1, ring: {kvstore: {store: inmemory}}}
ingester: {flush_check_period: 1s, chunk_idle_period: 2s, wal: {dir: ${work}/wal}, lifecycler: {min_ready_duration: 0s, final_sleep: 0s}}
query_scheduler: {use_scheduler_ring: false}
querier: {query_ingesters_within: 0}
schema_config: {configs: [{from: 2020-10-24, store: tsdb, object_store: filesystem, schema: v13, index: {prefix: index_, period: 24h}}]}
limits_config: {reject_old_samples: false, volume_enabled: true, ingestion_rate_mb: 1024, ingestion_burst_size_mb: 2048, per_stream_rate_limit: 1024MB, per_stream_rate_limit_burst: 2048MB, query_timeout: 5m}
pattern_ingester: {enabled: true, lifecycler: {min_ready_duration: 0s, final_sleep: 0s}}
analytics: {reporting_enabled: false}
`);
  loki = spawn(lokiBinary(), [`-config.file=${join(work, 'loki.yaml')}`], { stdio: 'ignore', cwd: work });
  const url = `http://127.0.0.1:${http}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/ready`).then((r) => r.ok, () => false)) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('loki did not become ready');
}

/** `lines` lines in 3 streams of `job`, over `hours` ending 30 min ago, a few sharing timestamps. */
async function push(url, job, lines, hours) {
  const end = BigInt(Date.now() - 1_800_000) * 1_000_000n;
  const start = end - BigInt(hours) * 3600n * SECOND;
  const services = ['api', 'web', 'worker'];
  const paths = ['/api/v1/items', '/api/v1/cart', '/checkout', '/login', '/health'];
  const batch = 20_000;
  for (let from = 0; from < lines; from += batch) {
    const streams = services.map((service) => ({ stream: { job, service }, values: [] }));
    for (let i = from; i < Math.min(lines, from + batch); i++) {
      // Every fourth line shares its timestamp with the one before it.
      const slot = i - Math.floor(i / 4);
      const ts = start + (BigInt(slot) * (end - start)) / BigInt(lines);
      const s = streams[i % 3];
      const status = i % 97 === 0 ? 500 : 200;
      s.values.push([String(ts), `level=${status === 500 ? 'error' : 'info'} msg="request handled" path=${paths[i % 5]}/${i % 1000} status=${status} duration=${(i * 7) % 900}ms trace_id=${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`]);
    }
    const r = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ streams }) });
    if (!r.ok) throw new Error(`push: ${r.status} ${await r.text()}`);
  }
  const selector = `{job="${job}"}`;
  const seconds = (end - start) / SECOND + 2n;
  for (let i = 0; i < 240; i++) {
    const q = new URLSearchParams({ query: `sum(count_over_time(${selector}[${seconds}s]))`, time: String(end + SECOND) });
    const body = await (await fetch(`${url}/loki/api/v1/query?${q}`)).json();
    if (Number(body.data?.result?.[0]?.value[1]) === lines) return { selector, start, end: end + 1n };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`loki never counted ${lines} lines of ${selector}`);
}

/** The floor: plain HTTP pages of 5,000, newest first, resuming at the last timestamp seen. */
async function floor(url, { selector, start, end }) {
  const t = performance.now();
  let cursor = end;
  let lines = 0;
  const seen = new Set();
  for (;;) {
    const q = new URLSearchParams({ query: selector, start: String(start), end: String(cursor), limit: '5000', direction: 'backward' });
    const body = await (await fetch(`${url}/loki/api/v1/query_range?${q}`)).json();
    let oldest = cursor;
    let n = 0;
    for (const s of body.data.result) {
      const id = JSON.stringify(s.stream);
      for (const [ts, line] of s.values) {
        n++;
        const key = `${id} ${ts} ${line}`;
        if (!seen.has(key)) {
          seen.add(key);
          lines++;
        }
        if (BigInt(ts) < oldest) oldest = BigInt(ts);
      }
    }
    if (n < 5000) break;
    // Keep only the boundary's keys, as logcli does.
    for (const k of seen) if (!k.includes(` ${oldest} `)) seen.delete(k);
    cursor = oldest + 1n;
  }
  return { ms: performance.now() - t, lines };
}

/** Run obs with its stdout read and counted; its peak RSS from a preload that reports it at exit. */
function obs(args) {
  const rss = join(work, 'rss.cjs');
  writeFileSync(rss, "process.on('exit', () => require('fs').writeSync(2, `\\nmaxrss ${process.resourceUsage().maxRSS}\\n`));");
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--require', rss, OBS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let lines = 0;
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (c) => {
      bytes += c.length;
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const maxrss = Number(/maxrss (\d+)/.exec(err)?.[1] ?? NaN);
      resolve({ ms: performance.now() - t, code, lines, bytes, rssMiB: maxrss / 1024, stderr: err.replace(/\n?maxrss \d+\n/, '').trim() });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const iso = (ns) => new Date(Number(ns / 1_000_000n)).toISOString();
const queryArgs = (w, n, format) => ['logs', 'query', w.selector, '--from', iso(w.start), '--to', iso(w.end + 1_000_000n), '--limit', String(n), '-o', format];

const url = await startLoki();
const env = { OBS_LOKI_URL: url };
Object.assign(process.env, env);
console.log(`loki at ${url}; pushing ${LINES.toLocaleString('en-US')} lines`);
const small = await push(url, 'bench-1m', LINES, 6);

const floors = [];
const runs = [];
for (let r = 0; r < ROUNDS; r++) {
  const f = await floor(url, small);
  floors.push(f.ms);
  const o = await obs(queryArgs(small, LINES, 'jsonl'));
  runs.push(o);
  console.log(`round ${r + 1}: floor ${(f.ms / 1000).toFixed(2)} s (${f.lines.toLocaleString('en-US')} distinct lines)  obs ${(o.ms / 1000).toFixed(2)} s, ${o.lines.toLocaleString('en-US')} lines, peak RSS ${o.rssMiB.toFixed(0)} MiB, exit ${o.code}${o.stderr ? ` (${o.stderr})` : ''}`);
}
const obsMs = median(runs.map((o) => o.ms));
const floorMs = median(floors);
console.log(`logs query ${LINES.toLocaleString('en-US')} lines -o jsonl: obs median ${(obsMs / 1000).toFixed(2)} s, floor ${(floorMs / 1000).toFixed(2)} s, ratio ${(obsMs / floorMs).toFixed(2)}; peak RSS max ${Math.max(...runs.map((o) => o.rssMiB)).toFixed(0)} MiB`);

const t = performance.now();
const pat = await obs(['logs', 'patterns', small.selector, '--engine', 'loki', '--since', '1h', '-o', 'json']);
console.log(`logs patterns --engine loki: ${(pat.ms / 1000).toFixed(2)} s whole process, exit ${pat.code}${pat.stderr ? ` (${pat.stderr.slice(0, 200)})` : ''}`);
const direct = performance.now();
await (await fetch(`${url}/loki/api/v1/patterns?${new URLSearchParams({ query: small.selector, start: String(BigInt(Date.now() - 3_600_000) * 1_000_000n), end: String(BigInt(Date.now()) * 1_000_000n) })}`)).text();
console.log(`  the /patterns request alone: ${((performance.now() - direct) / 1000).toFixed(3)} s (bench total so far ${((performance.now() - t) / 1000).toFixed(1)} s)`);

if (BIG > 0) {
  console.log(`pushing ${BIG.toLocaleString('en-US')} lines`);
  const big = await push(url, 'bench-big', BIG, 6);
  const o = await obs(queryArgs(big, BIG, 'json'));
  console.log(`logs query ${BIG.toLocaleString('en-US')} lines -o json: ${(o.ms / 1000).toFixed(2)} s, exit ${o.code}, ${(o.bytes / 2 ** 20).toFixed(0)} MiB written, ${o.lines.toLocaleString('en-US')} output lines, peak RSS ${o.rssMiB.toFixed(0)} MiB${o.stderr ? ` (${o.stderr.slice(0, 200)})` : ''}`);
}
process.exit(0);
