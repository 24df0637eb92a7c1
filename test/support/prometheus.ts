/**
 * Real Prometheus / promtool / Alertmanager processes for integration tests, on free loopback ports, in
 * temporary directories that are removed on stop (and at process exit, whatever happens).
 *
 * Binaries come from the Debian packages (Prometheus 2.42, Alertmanager 0.25). Use `describeWithBinaries`
 * so a machine without them skips with a clear message, while CI (CI=true) fails instead of skipping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

export const PROMETHEUS_BIN = process.env.OBS_TEST_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.OBS_TEST_PROMTOOL ?? '/usr/bin/promtool';
export const ALERTMANAGER_BIN = process.env.OBS_TEST_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';

const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();

process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Binaries that are missing or not executable. */
export function missingBinaries(paths: string[]): string[] {
  return paths.filter((p) => {
    try {
      accessSync(p, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * describe() that needs external binaries: runs when present; otherwise skips with the reason, except under
 * CI=true where a missing binary is a failure (so CI cannot silently stop testing against the real thing).
 */
export function describeWithBinaries(name: string, binaries: string[], fn: () => void): void {
  const missing = missingBinaries(binaries);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const reason = `missing ${missing.join(', ')} (install the Debian packages prometheus and prometheus-alertmanager)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has the binaries it needs', () => {
        throw new Error(`CI=true and ${reason}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${reason}]`, fn);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** The last 8,000 characters it wrote, stdout and stderr together. */
  output: () => string;
  /** How it ended ("exited with code 1", "was killed by SIGKILL"); undefined while it runs. */
  ended: () => string | undefined;
}

export function launch(bin: string, args: string[], options: { cwd?: string } = {}): Started {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let ended: string | undefined;
  // Once its output is all read: what it said last is what tells why it ended.
  child.once('close', (code, signal) => {
    ended = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => out, ended: () => ended };
}

export async function waitReady(url: string, started: Started, what: string, timeoutMs = 30_000, readyPath = '/-/ready'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ended = started.ended();
    if (ended !== undefined) throw new Error(`${what} ${ended} before it was ready; its last output:\n${started.output()}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  started.child.kill('SIGKILL');
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${started.output()}`);
}

export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function run(bin: string, args: string[], input?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Backfill OpenMetrics text (must end with `# EOF`) into a fresh TSDB directory with promtool; returns it. */
export async function backfill(openMetricsText: string): Promise<string> {
  const work = tempDir('obs-backfill-');
  const input = join(work, 'input.om');
  writeFileSync(input, openMetricsText);
  const dataDir = tempDir('obs-tsdb-');
  const r = await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir]);
  removeTempDir(work);
  if (r.code !== 0) throw new Error(`promtool backfill failed (${r.code}):\n${r.output.slice(-4000)}`);
  return dataDir;
}

/** Run `promtool test rules` on a test file written next to the rules; resolves with its exit code and output. */
export async function promtoolTestRules(rulesYaml: string, testYaml: string): Promise<{ code: number; output: string }> {
  const dir = tempDir('obs-ruletest-');
  writeFileSync(join(dir, 'rules.yml'), rulesYaml);
  writeFileSync(join(dir, 'test.yml'), testYaml);
  try {
    return await run(PROMTOOL_BIN, ['test', 'rules', join(dir, 'test.yml')]);
  } finally {
    removeTempDir(dir);
  }
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Start Prometheus with no scrape targets on a free loopback port. `dataDir` (e.g. from `backfill`) is used as
 * the TSDB, and removed on stop when these helpers created it; `rulesYaml` is loaded as a rule file evaluated
 * every `evaluationInterval` (default 15s).
 */
export async function startPrometheus(opts: { dataDir?: string; rulesYaml?: string; evaluationInterval?: string } = {}): Promise<RunningServer> {
  const confDir = tempDir('obs-prometheus-conf-');
  const dataDir = opts.dataDir ?? tempDir('obs-prometheus-data-');
  // only directories these helpers created (e.g. by backfill) are removed; a caller's own directory is kept
  const removeData = () => tempDirs.has(dataDir) && removeTempDir(dataDir);
  const lines = ['global:', `  evaluation_interval: ${opts.evaluationInterval ?? '15s'}`, 'scrape_configs: []'];
  if (opts.rulesYaml !== undefined) {
    writeFileSync(join(confDir, 'rules.yml'), opts.rulesYaml);
    lines.push('rule_files:', `  - ${join(confDir, 'rules.yml')}`);
  }
  writeFileSync(join(confDir, 'prometheus.yml'), lines.join('\n') + '\n');
  const port = await freePort();
  const started = launch(PROMETHEUS_BIN, [
    `--config.file=${join(confDir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, started, 'prometheus');
  } catch (err) {
    removeTempDir(confDir);
    removeData();
    throw err;
  }
  return {
    url,
    async stop() {
      await terminate(started.child);
      removeTempDir(confDir);
      removeData();
    },
  };
}

/** Start Alertmanager (clustering off, one receiver named "null" that sends nothing) on a free loopback port. */
export async function startAlertmanager(opts: { configYaml?: string } = {}): Promise<RunningServer> {
  const dir = tempDir('obs-alertmanager-');
  const config =
    opts.configYaml ??
    ['route:', '  receiver: "null"', '  group_by: [alertname, service]', 'receivers:', '  - name: "null"', ''].join('\n');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const started = launch(ALERTMANAGER_BIN, [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, started, 'alertmanager');
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
  return {
    url,
    async stop() {
      await terminate(started.child);
      removeTempDir(dir);
    },
  };
}
