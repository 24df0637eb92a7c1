/**
 * A real Grafana Loki (3.4.6, from ../shared/bin) for integration tests: one process on free
 * loopback ports in a temporary directory, removed on stop. `.ci/run` unpacks the binary and sets
 * OBS_TEST_LOKI; elsewhere a `loki` on PATH is used. Use `describeWithLoki` so a machine without it
 * skips with a clear message, while CI (CI=true) fails instead of skipping.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { freePort, launch, missingBinaries, removeTempDir, type Started, tempDir, terminate, waitReady } from './prometheus.js';

export const LOKI_BIN = process.env.OBS_TEST_LOKI ?? onPath('loki');

function onPath(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || name;
  } catch {
    return name;
  }
}

/** describe() that needs a real Loki: runs when there is one, skips with the reason otherwise, fails under CI=true. */
export function describeWithLoki(name: string, fn: () => void): void {
  if (missingBinaries([LOKI_BIN]).length === 0) {
    describe(name, () => {
      // A test that failed with "connection refused" also says why: how Loki ended, what it said last.
      afterEach(() => {
        for (const loki of running) loki.check();
      });
      fn();
    });
    return;
  }
  const reason = `no Loki binary (set OBS_TEST_LOKI, or unpack ../shared/bin/loki-3.4.6-linux-amd64.xz as \`loki\` on PATH)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a Loki binary', () => {
        throw new Error(`CI=true and ${reason}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${reason}]`, fn);
  }
}

export interface PushStream {
  stream: Record<string, string>;
  /** [unix ns as a decimal string, line] */
  values: [string, string][];
}

export interface RunningLoki {
  url: string;
  /** Push streams, in requests of at most about 1 MiB. */
  push(streams: PushStream[]): Promise<void>;
  /**
   * Wait (up to 30 s) until Loki counts `expected` lines for `selector` over [start, end): a push is
   * acknowledged before every query path sees it, and a log query asked too early may cache a
   * split as empty.
   */
  settle(selector: string, start: bigint, end: bigint, expected: number): Promise<void>;
  /** Stop and start again on the same ports and data (the ingester replays its WAL). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The running process's id. */
  readonly pid: number;
  /** The last 8,000 characters Loki wrote (stdout and stderr). */
  output(): string;
  /**
   * Throws if Loki ended by itself (not by stop or restart), saying how and with its last output.
   * push and settle fail so too; the harness also writes it to stderr the moment Loki ends.
   */
  check(): void;
}

/** The Lokis started and not stopped: describeWithLoki checks them after each test. */
const running = new Set<RunningLoki>();

/** Loki's default per-query entry limit, which paging must get past. */
export const LOKI_MAX_ENTRIES = 5000;

function config(dir: string, httpPort: number, grpcPort: number, logLevel: string): string {
  return `auth_enabled: false
server: {http_listen_address: 127.0.0.1, http_listen_port: ${httpPort}, grpc_listen_address: 127.0.0.1, grpc_listen_port: ${grpcPort}, log_level: ${logLevel}}
common:
  instance_addr: 127.0.0.1
  path_prefix: ${dir}
  storage: {filesystem: {chunks_directory: ${dir}/chunks, rules_directory: ${dir}/rules}}
  replication_factor: 1
  ring: {kvstore: {store: inmemory}}
ingester: {flush_check_period: 1s, chunk_idle_period: 2s, chunk_retain_period: 1h, wal: {dir: ${dir}/wal}, lifecycler: {min_ready_duration: 0s, final_sleep: 0s}}
query_scheduler: {use_scheduler_ring: false}
querier: {query_ingesters_within: 0}
schema_config:
  configs:
    - {from: 2020-10-24, store: tsdb, object_store: filesystem, schema: v13, index: {prefix: index_, period: 24h}}
limits_config: {reject_old_samples: false, allow_structured_metadata: true, volume_enabled: true, ingestion_rate_mb: 256, ingestion_burst_size_mb: 512, per_stream_rate_limit: 256MB, per_stream_rate_limit_burst: 512MB}
pattern_ingester: {enabled: true, lifecycler: {min_ready_duration: 0s, final_sleep: 0s}}
analytics: {reporting_enabled: false}
`;
}

/**
 * Start Loki with the pattern ingester and volume API on, accepting old lines and fast pushes.
 * `logLevel` is Loki's own (default warn: what goes wrong, little else).
 */
export async function startLoki(options: { logLevel?: 'warn' | 'info' } = {}): Promise<RunningLoki> {
  const dir = tempDir('obs-loki-');
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'loki.yaml'), config(dir, httpPort, grpcPort, options.logLevel ?? 'warn'));
  const url = `http://127.0.0.1:${httpPort}`;
  let started: Started;
  // Ended by the harness (stop, restart): not news.
  const stopping = new WeakSet<Started>();
  let gone: string | undefined;
  const start = async () => {
    const current = (started = launch(LOKI_BIN, [`-config.file=${join(dir, 'loki.yaml')}`], { cwd: dir }));
    let ready = false;
    current.child.once('close', () => {
      // Before it was ready, waitReady says how it ended.
      if (stopping.has(current) || !ready) return;
      gone = `loki ${current.ended()} while the tests ran; its last output:\n${current.output() || '(nothing)'}`;
      process.stderr.write(`${gone}\n`);
    });
    await waitReady(url, current, 'loki', 60_000, '/ready');
    ready = true;
  };
  const stop = async () => {
    stopping.add(started);
    await terminate(started.child);
  };
  /**
   * A failed request's error, or if Loki has ended, one saying how; a request that could not connect
   * gives Loki a moment to be seen ending.
   */
  const explained = async (err: unknown): Promise<unknown> => {
    const current = started;
    if (current.ended() === undefined && couldNotConnect(err)) {
      await Promise.race([new Promise((r) => current.child.once('close', r)), new Promise((r) => setTimeout(r, 2000))]);
    }
    return gone === undefined ? err : new Error(gone, { cause: err });
  };
  try {
    await start();
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
  const loki: RunningLoki = {
    url,
    push: (streams) => push(url, streams).catch(async (err) => Promise.reject(await explained(err))),
    settle: (selector, from, to, expected) => settle(url, selector, from, to, expected).catch(async (err) => Promise.reject(await explained(err))),
    async restart() {
      await stop();
      gone = undefined;
      await start();
    },
    async stop() {
      running.delete(loki);
      await stop();
      removeTempDir(dir);
    },
    get pid() {
      return started.child.pid!;
    },
    output: () => started.output(),
    check() {
      if (gone !== undefined) throw new Error(gone);
    },
  };
  running.add(loki);
  return loki;
}

const PUSH_BYTES = 1 << 20;

async function push(url: string, streams: PushStream[]): Promise<void> {
  let batch: PushStream[] = [];
  let bytes = 0;
  const send = async () => {
    if (batch.length === 0) return;
    const res = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ streams: batch }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`loki push: ${res.status} ${text}`);
    batch = [];
    bytes = 0;
  };
  for (const s of streams) {
    let values: [string, string][] = [];
    for (const v of s.values) {
      values.push(v);
      bytes += v[1].length + 40;
      if (bytes >= PUSH_BYTES) {
        batch.push({ stream: s.stream, values });
        values = [];
        await send();
      }
    }
    if (values.length) batch.push({ stream: s.stream, values });
  }
  await send();
}

async function settle(url: string, selector: string, start: bigint, end: bigint, expected: number): Promise<void> {
  // count_over_time's range is open at its start: reach one second further back to include `start`.
  const seconds = (end - start) / 1_000_000_000n + 1n;
  const query = new URLSearchParams({ query: `sum(count_over_time(${selector}[${seconds}s]))`, time: String(end - 1n) });
  const deadline = Date.now() + 30_000;
  let counted = -1;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/loki/api/v1/query?${query}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    counted = Number(body.data?.result?.[0]?.value[1] ?? 0);
    if (counted === expected) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`loki counts ${counted} lines for ${selector}, expected ${expected}`);
}

/** A request that failed for want of a server (refused, reset, closed), not for its answer. */
function couldNotConnect(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_SOCKET)$/.test(e.code)) return true;
  }
  return false;
}
