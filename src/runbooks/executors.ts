/**
 * The executors `obs runbook run` gives runStep: PromQL and LogQL against the context's backends,
 * obs commands through a function the caller passes (the CLI lives above src/), sh through a shell.
 */
import { spawn } from 'node:child_process';
import type { LokiRangeResult } from '../backends/loki/types.js';
import type { InstantResult } from '../backends/prometheus/types.js';
import type { Backend } from '../config/types.js';
import type { ExecResult } from './expect.js';
import type { StepExecutors } from './run.js';

/** The parts of `Backends` the query executors use; the real class fits. */
export interface ExecutorBackends {
  has(backend: Backend): boolean;
  readonly prometheus: { query(promql: string, options?: { time?: number }): Promise<InstantResult> };
  readonly loki: { queryRange(logql: string, options: { start: number; end: number; limit?: number }): Promise<LokiRangeResult> };
}

export interface ExecutorOptions {
  now: () => number;
  /** How far back a LogQL block looks. Default 5 minutes, as the shipped runbooks assume. */
  logWindowMs?: number;
  /** Most log lines a LogQL block returns. Default 100. */
  logLimit?: number;
  /** Runs `obs` with these arguments, returning what it printed and its exit code. */
  obs?: (args: string[]) => Promise<{ stdout: string; stderr: string; code: number }>;
  /** Runs sh blocks; omitted, sh blocks have no executor (and never run). */
  shell?: (command: string) => Promise<ExecResult>;
}

const DEFAULT_LOG_WINDOW_MS = 5 * 60_000;

export function liveExecutors(backends: ExecutorBackends, options: ExecutorOptions): StepExecutors {
  const executors: StepExecutors = {};
  if (backends.has('prometheus')) executors.promql = async (query) => promqlResult(await backends.prometheus.query(query, { time: options.now() }));
  if (backends.has('loki'))
    executors.logql = async (query) => {
      const end = options.now();
      const result = await backends.loki.queryRange(query, { start: end - (options.logWindowMs ?? DEFAULT_LOG_WINDOW_MS), end, limit: options.logLimit ?? 100 });
      return logqlResult(result);
    };
  if (options.obs) {
    const obs = options.obs;
    executors.obs = async (args) => {
      const { stdout, stderr, code } = await obs(splitCommandLine(args));
      return { kind: 'text', text: code === 0 || stdout.trim() ? stdout : stderr, exitCode: code };
    };
  }
  if (options.shell) executors.sh = options.shell;
  return executors;
}

export function promqlResult(result: InstantResult): ExecResult {
  switch (result.resultType) {
    case 'vector':
      return { kind: 'vector', series: result.samples.map((s) => ({ labels: s.labels, value: s.value })) };
    case 'scalar':
      return { kind: 'scalar', value: result.value };
    case 'string':
      return { kind: 'text', text: result.value };
    case 'matrix':
      // A range selector: judge each series by its latest sample.
      return { kind: 'vector', series: result.series.flatMap((s) => (s.points.length ? [{ labels: s.labels, value: s.points[s.points.length - 1]!.value }] : [])) };
  }
}

/** Log lines, newest first (as logcli shows them); a metric query as the latest value of each series. */
export function logqlResult(result: LokiRangeResult): ExecResult {
  if (result.resultType === 'streams') return { kind: 'lines', lines: result.entries.map((e) => e.line) };
  return { kind: 'vector', series: result.series.flatMap((s) => (s.points.length ? [{ labels: s.labels, value: s.points[s.points.length - 1]!.value }] : [])) };
}

/**
 * A command line as a POSIX shell would split it, for the few forms runbooks use: words, 'single'
 * and "double" quotes, backslash escapes. No expansion of any kind.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') word += text[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${text}`);
  if (inWord) words.push(word);
  return words;
}

export interface ShellOptions {
  timeoutMs?: number;
  /** Bytes of output kept. Default 64 KiB. */
  maxOutput?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Run a command with `sh -c`, its output (stdout then stderr) as text and its exit code; killed at the timeout. */
export function runShell(command: string, options: ShellOptions = {}): Promise<ExecResult> {
  const max = options.maxOutput ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer) => {
      if (size < max) out.push(chunk.subarray(0, max - size));
      size += chunk.length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`timed out after ${options.timeoutMs! / 1000}s`));
      const text = Buffer.concat(out).toString('utf8') + (size > max ? `\n… ${size - max} more bytes` : '');
      resolve({ kind: 'text', text, exitCode: code ?? (signal ? 128 : 1) });
    });
  });
}
