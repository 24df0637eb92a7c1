import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Backends } from '../src/backends/index.js';
import { ConfigError } from '../src/config/errors.js';
import type { EventBody } from '../src/incidents/types.js';
import { sanitize } from '../src/output/sanitize.js';
import { liveExecutors, runShell } from '../src/runbooks/executors.js';
import {
  findRunbook,
  formatPlan,
  lintRunbookFiles,
  loadRunbooks,
  planRunbook,
  runbookFiles,
  runStep,
  stepRunEvent,
  type RunPolicy,
  type StepExecutors,
  type StepResult,
} from '../src/runbooks/index.js';
import { formatProblem, type Runbook } from '../src/runbooks/types.js';
import { incidentStore, runbookDirs, withStore } from './incident-run.js';
import { CheckFailed, EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';
import { inkScreen } from './ink.js';

export interface RunFlags {
  incident?: string;
  plan?: boolean;
  yes?: boolean;
  allowDangerous?: boolean;
}

const SHELL_TIMEOUT_MS = 120_000;

async function load(s: Session, backends: Backends) {
  return loadRunbooks(await runbookDirs(s, backends));
}

async function find(s: Session, backends: Backends, name: string): Promise<Runbook> {
  const { runbooks, problems } = await load(s, backends);
  const runbook = findRunbook(runbooks, name);
  if (runbook) return runbook;
  const broken = problems.find((p) => p.severity === 'error' && p.file.replace(/\.md$/, '').endsWith(name));
  if (broken) throw new ConfigError(`runbook "${sanitize(name)}" has errors`, `see \`obs runbook lint ${sanitize(broken.file)}\``);
  throw new ConfigError(`no runbook "${sanitize(name)}"`, `known runbooks: ${runbooks.map((r) => r.name).join(', ') || 'none'} (looked in ${(await runbookDirs(s, backends)).join(', ')})`);
}

export async function runRunbookList(s: Session): Promise<void> {
  const backends = await s.backends();
  const { runbooks, problems } = await load(s, backends);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) s.warn(`${errors.length} problem${errors.length === 1 ? '' : 's'} left runbooks out: see \`obs runbook lint\``);
  const match = (r: Runbook) => [...r.match.alerts, ...r.match.services.map((x) => `service ${x}`), ...r.match.labels.map((m) => m.text)].join(', ');
  s.output(runbooks, [
    { header: 'NAME', value: (r) => r.name },
    { header: 'TITLE', value: (r) => r.title },
    { header: 'STEPS', value: (r) => r.steps.length, align: 'right' },
    { header: 'MATCHES', value: match },
  ], {
    runbooks: runbooks.map((r) => ({ name: r.name, title: r.title, description: r.description ?? null, file: r.file, steps: r.steps.length, match: { alerts: r.match.alerts, services: r.match.services, labels: r.match.labels.map((m) => m.text) } })),
  });
}

export async function runRunbookShow(s: Session, name: string): Promise<void> {
  const backends = await s.backends();
  const runbook = await find(s, backends, name);
  if (s.format() !== 'table') {
    s.output([], [], runbook);
    return;
  }
  const c = (t: string) => sanitize(t, { maxLength: 300 });
  const out = [`${c(runbook.title)} (${c(runbook.name)})`, `File: ${c(runbook.file)}`];
  if (runbook.description) out.push(c(runbook.description));
  out.push(`Matches: alerts ${runbook.match.alerts.map(c).join(', ') || '—'}; services ${runbook.match.services.map(c).join(', ') || '—'}${runbook.match.labels.length ? `; labels ${runbook.match.labels.map((m) => c(m.text)).join(', ')}` : ''}`);
  out.push('', formatPlan(runbook, planRunbook(runbook, policyOf(s, backends, {}))));
  s.print(out.join('\n'));
}

export async function runRunbookLint(s: Session, files: string[]): Promise<void> {
  let targets = files;
  if (targets.length === 0) {
    const backends = await s.backends();
    const dirs = await runbookDirs(s, backends);
    targets = (await Promise.all(dirs.map(runbookFiles))).flat();
    if (targets.length === 0) throw new ConfigError('no runbook files found', `looked in ${dirs.join(', ')}; give files to lint`);
  }
  const problems = await lintRunbookFiles(targets).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'EISDIR') throw new ConfigError(sanitize(err.message));
    throw err;
  });
  const errors = problems.filter((p) => p.severity === 'error').length;
  // file:line lines, as editors and CI read them, unless JSON or YAML is asked for.
  const format = s.opts.output === undefined ? 'table' : s.format();
  if (format !== 'json' && format !== 'yaml') {
    for (const p of problems) s.print(sanitize(formatProblem(p), { maxLength: 2000 }));
    s.warn(`${targets.length} file${targets.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`);
  } else s.output(problems, [], { files: targets, problems });
  if (errors > 0) throw new ExitWith(EXIT.usage);
}

export async function runRunbookRun(s: Session, name: string, o: RunFlags): Promise<void> {
  const backends = await s.backends();
  const runbook = await find(s, backends, name);
  const policy = policyOf(s, backends, o);
  const interactive = s.io.stdin.isTTY === true && s.io.stdout.isTTY === true;
  if (o.plan || (!o.yes && !interactive)) {
    if (!o.plan) s.warn('not a terminal: printing the plan; --yes runs every step');
    const plan = planRunbook(runbook, { ...policy, assumeYes: o.yes });
    if (s.format() === 'table') s.print(formatPlan(runbook, plan));
    else s.output([], [], { runbook: runbook.name, title: runbook.title, steps: plan });
    return;
  }
  const timeline = await timelineOf(s, backends, o.incident);
  const executors = await executorsFor(s, backends);
  if (o.yes) await runAll(s, runbook, executors, policy, timeline);
  else await stepThrough(s, runbook, executors, policy, timeline);
}

/** The demo world has no hosts behind it, so it runs no sh block, as a read-only context. */
function policyOf(s: Session, backends: Backends, o: RunFlags): RunPolicy {
  return { readOnly: backends.context.readOnly || s.opts.demo === true, allowDangerous: o.allowDangerous === true };
}

/** Where the steps are recorded: `--incident`, else the current incident, else nowhere (with a warning). */
async function timelineOf(s: Session, backends: Backends, ref?: string): Promise<{ incident?: string; record: (event: EventBody) => Promise<void> }> {
  const store = await incidentStore(s, backends);
  const incident = ref !== undefined ? await withStore(() => store.resolve(ref)) : await store.current();
  if (!incident) s.warn('no current incident: the steps are not recorded (open one with `obs incident open`, or pass --incident)');
  return {
    incident,
    record: async (event) => {
      if (incident) await store.append(incident, event);
    },
  };
}

async function executorsFor(s: Session, backends: Backends): Promise<StepExecutors> {
  return liveExecutors(backends, {
    now: s.io.now,
    obs: await nestedObs(s, backends),
    shell: (command) => runShell(command, { timeoutMs: SHELL_TIMEOUT_MS, env: s.io.env }),
  });
}

/**
 * `obs` blocks run in this process against the same context. A demo world lives only in this
 * process, so the nested command gets a throwaway config holding a context that points at it (and
 * at this context's incidents); otherwise it gets the same --context and --config-dir.
 */
async function nestedObs(s: Session, backends: Backends): Promise<(args: string[]) => Promise<{ stdout: string; stderr: string; code: number }>> {
  const [{ main }, store] = await Promise.all([import('./main.js'), incidentStore(s, backends)]);
  const globals: string[] = [];
  if (s.opts.demo) {
    const { ConfigStore } = await import('../src/config/store.js');
    const dir = mkdtempSync(join(tmpdir(), 'obs-runbook-'));
    s.onClose(async () => rmSync(dir, { recursive: true, force: true }));
    await new ConfigStore(dir).write({ currentContext: 'demo', contexts: { demo: { ...backends.context.context, incidentDir: store.dir } } });
    globals.push('--config-dir', dir, '--context', 'demo');
  } else {
    if (s.opts.configDir) globals.push('--config-dir', s.opts.configDir);
    if (s.opts.context) globals.push('--context', s.opts.context);
  }
  return async (args) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const stdout = Object.assign(new PassThrough(), { isTTY: false, columns: 100 });
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.on('data', (c: Buffer) => err.push(c));
    stdin.end();
    const hasOutput = args.some((a) => a === '-o' || a === '--output' || a.startsWith('--output=') || (a.startsWith('-o') && a.length > 2));
    const code = await main([...globals, ...args, ...(hasOutput ? [] : ['-o', 'table'])], { stdout, stderr, stdin, env: s.io.env, now: s.io.now });
    return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code };
  };
}

/** --yes: every step in order, sh steps confirmed unless the policy refuses them; exit 1 when a check failed. */
async function runAll(s: Session, runbook: Runbook, executors: StepExecutors, policy: RunPolicy, timeline: { incident?: string; record: (e: EventBody) => Promise<void> }): Promise<void> {
  const table = s.format() === 'table';
  if (table) s.print(`${sanitize(runbook.title)} (${runbook.name})${timeline.incident ? `, recording into ${timeline.incident}` : ''}`);
  const results: StepResult[] = [];
  for (const step of runbook.steps) {
    const result = await runStep(step, executors, { ...policy, confirm: () => true });
    await timeline.record(stepRunEvent(runbook, result));
    results.push(result);
    if (table) s.print(`${String(step.index).padStart(2)}. ${result.outcome.toUpperCase().padEnd(8)} ${sanitize(step.title, { maxLength: 60 })}: ${result.summary}`);
  }
  if (!table)
    s.output([], [], {
      runbook: runbook.name,
      incident: timeline.incident ?? null,
      steps: results.map((r) => ({
        step: r.step,
        title: r.title,
        outcome: r.outcome,
        ok: r.ok,
        summary: r.summary,
        blocks: r.blocks.map((b) => ({ lang: b.block.lang, code: b.block.code, status: b.status, reason: b.reason, verdict: b.verdict, ok: b.ok, summary: b.summary, output: b.output })),
      })),
    });
  const failed = results.filter((r) => r.outcome === 'failed').length;
  if (failed) throw new CheckFailed(`${failed} of ${results.length} steps failed their checks`);
}

/** The Ink step-through; every event is written before the command returns. */
async function stepThrough(s: Session, runbook: Runbook, executors: StepExecutors, policy: RunPolicy, timeline: { incident?: string; record: (e: EventBody) => Promise<void> }): Promise<void> {
  const [screen, { RunbookApp }] = await Promise.all([inkScreen(s), import('../views/runbook/app.js')]);
  const pending = new Set<Promise<void>>();
  const record = (event: EventBody) => {
    const p = timeline.record(event);
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };
  try {
    await screen.run(screen.React.createElement(RunbookApp, {
      runbook,
      theme: screen.theme,
      incident: timeline.incident,
      record,
      run: (step, confirm) => runStep(step, executors, { ...policy, confirm }),
    }));
  } finally {
    await Promise.allSettled([...pending]);
  }
}
