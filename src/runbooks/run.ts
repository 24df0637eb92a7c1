import { sanitize } from '../output/sanitize.js';
import { evaluateExpectation, type ExecResult, type Verdict } from './expect.js';
import type { CodeBlock, Runbook, RunbookStep } from './types.js';

/**
 * Step execution without I/O: the caller passes one executor per block language (backed by the
 * Prometheus and Loki clients, the obs CLI, a shell) and a confirmation callback.
 */
export interface StepExecutors {
  promql?: (query: string) => Promise<ExecResult>;
  logql?: (query: string) => Promise<ExecResult>;
  /** Gets the command line without a leading "obs", e.g. "slo check payments". */
  obs?: (args: string) => Promise<ExecResult>;
  sh?: (command: string) => Promise<ExecResult>;
}

export interface RunPolicy {
  /** A read-only context: sh blocks never run. */
  readOnly?: boolean;
  /** Let sh blocks marked dangerous=true run (after confirmation, as any sh block). */
  allowDangerous?: boolean;
}

export interface RunContext extends RunPolicy {
  /** Asked before each sh block; without it no sh block runs. `--yes` passes one that says yes. */
  confirm?: (request: { step: RunbookStep; block: CodeBlock }) => boolean | Promise<boolean>;
}

export type NotRunReason = 'read-only' | 'dangerous' | 'declined' | 'no-confirmation' | 'no-executor';

export interface BlockResult {
  block: CodeBlock;
  status: 'ran' | 'error' | 'not-run';
  reason?: NotRunReason;
  /** When the block has an expectation and ran. */
  verdict?: Verdict;
  /** false when the block errored, its expectation did not hold, or its command exited non-zero. */
  ok?: boolean;
  output?: ExecResult;
  error?: string;
  /** One line, sanitised. */
  summary: string;
}

export interface StepResult {
  step: number;
  title: string;
  /** passed: every check held; failed: a check did not hold or a block failed; ran: ran, nothing to check; not-run. */
  outcome: 'passed' | 'failed' | 'ran' | 'not-run';
  ok: boolean;
  summary: string;
  blocks: BlockResult[];
}

export type BlockDecision = { action: 'query' } | { action: 'confirm' } | { action: 'refuse'; reason: 'read-only' | 'dangerous' };

/** What may happen to a block under a policy: queries just run, sh needs confirmation or is refused. */
export function decideBlock(block: CodeBlock, policy: RunPolicy): BlockDecision {
  if (block.lang !== 'sh') return { action: 'query' };
  if (policy.readOnly) return { action: 'refuse', reason: 'read-only' };
  if (block.dangerous && !policy.allowDangerous) return { action: 'refuse', reason: 'dangerous' };
  return { action: 'confirm' };
}

const NOT_RUN_TEXT: Record<NotRunReason, string> = {
  'read-only': 'not run: read-only context',
  dangerous: 'not run: marked dangerous (needs --allow-dangerous)',
  declined: 'not run: declined',
  'no-confirmation': 'not run: needs confirmation',
  'no-executor': 'not run: no backend for it here',
};

export async function runStep(step: RunbookStep, executors: StepExecutors, context: RunContext = {}): Promise<StepResult> {
  const blocks: BlockResult[] = [];
  for (const block of step.blocks) blocks.push(await runBlock(step, block, executors, context));
  const outcome: StepResult['outcome'] = blocks.some((b) => b.ok === false)
    ? 'failed'
    : blocks.some((b) => b.verdict === 'held')
      ? 'passed'
      : blocks.some((b) => b.status === 'ran')
        ? 'ran'
        : 'not-run';
  const summary = blocks.length === 0 ? 'manual step: nothing to run' : blocks.map((b) => b.summary).join('; ');
  return { step: step.index, title: step.title, outcome, ok: outcome !== 'failed', summary, blocks };
}

async function runBlock(step: RunbookStep, block: CodeBlock, executors: StepExecutors, context: RunContext): Promise<BlockResult> {
  const notRun = (reason: NotRunReason): BlockResult => ({ block, status: 'not-run', reason, summary: NOT_RUN_TEXT[reason] });
  const decision = decideBlock(block, context);
  if (decision.action === 'refuse') return notRun(decision.reason);
  const execute = executors[block.lang];
  if (!execute) return notRun('no-executor');
  if (decision.action === 'confirm') {
    if (!context.confirm) return notRun('no-confirmation');
    if (!(await context.confirm({ step, block }))) return notRun('declined');
  }
  const input = block.lang === 'obs' ? block.code.replace(/^obs\s+/, '') : block.code;
  let output: ExecResult;
  try {
    output = await execute(input);
  } catch (err) {
    const message = sanitize(err instanceof Error ? err.message : String(err), { maxLength: 300 });
    return { block, status: 'error', ok: false, error: message, summary: `error: ${message}` };
  }
  const exitFailed = output.kind === 'text' && output.exitCode !== undefined && output.exitCode !== 0;
  const result: BlockResult = { block, status: 'ran', output, ok: !exitFailed, summary: describeOutput(output) };
  if (block.expect) {
    result.verdict = evaluateExpectation(block.expect, output);
    if (result.verdict !== 'held') result.ok = false;
    const verdict = result.verdict === 'no-data' ? 'no data, not held' : result.verdict;
    result.summary += ` (expect ${block.expect.text}: ${verdict})`;
  }
  return result;
}

/** One line for what a block returned. */
export function describeOutput(output: ExecResult): string {
  switch (output.kind) {
    case 'scalar':
      return formatNumber(output.value);
    case 'vector': {
      const { series } = output;
      if (series.length === 0) return 'no data';
      if (series.length === 1) return `${formatNumber(series[0].value)}${labelText(series[0].labels)}`;
      const worst = series.reduce((a, b) => (b.value > a.value ? b : a));
      return `${series.length} series, max ${formatNumber(worst.value)}${labelText(worst.labels)}`;
    }
    case 'lines': {
      const n = output.lines.length;
      if (n === 0) return 'no lines';
      return `${n} line${n === 1 ? '' : 's'}, e.g. "${sanitize(output.lines[0], { maxLength: 120 })}"`;
    }
    case 'text': {
      const first = output.text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
      const exit = output.exitCode === undefined || output.exitCode === 0 ? '' : ` (exit ${output.exitCode})`;
      return `${first ? sanitize(first, { maxLength: 160 }) : 'no output'}${exit}`;
    }
  }
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  if (entries.length === 0) return '';
  return ` {${entries.map(([k, v]) => `${sanitize(k, { maxLength: 60 })}="${sanitize(v, { maxLength: 60 })}"`).join(', ')}}`;
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(Number(v.toPrecision(4)));
}

export interface PlannedBlock {
  lang: CodeBlock['lang'];
  code: string;
  line: number;
  expect?: string;
  dangerous: boolean;
  /** query: runs; run: sh that runs without asking (--yes); confirm: sh that asks first; refuse: sh that will not run. */
  action: 'query' | 'run' | 'confirm' | 'refuse';
  reason?: 'read-only' | 'dangerous';
}

export interface PlannedStep {
  index: number;
  title: string;
  line: number;
  /** No executable block: the engineer reads it and moves on. */
  manual: boolean;
  blocks: PlannedBlock[];
}

/** The non-interactive plan: every step with what would run under the policy. */
export function planRunbook(runbook: Runbook, policy: RunPolicy & { assumeYes?: boolean } = {}): PlannedStep[] {
  return runbook.steps.map((step) => ({
    index: step.index,
    title: step.title,
    line: step.line,
    manual: step.blocks.length === 0,
    blocks: step.blocks.map((block) => {
      const decision = decideBlock(block, policy);
      const planned: PlannedBlock = {
        lang: block.lang,
        code: block.code,
        line: block.line,
        dangerous: block.dangerous,
        action: decision.action === 'confirm' && policy.assumeYes ? 'run' : decision.action,
      };
      if (block.expect) planned.expect = block.expect.text;
      if (decision.action === 'refuse') planned.reason = decision.reason;
      return planned;
    }),
  }));
}

const ACTION_TEXT: Record<Exclude<PlannedBlock['action'], 'refuse'>, string> = {
  query: 'runs',
  run: 'runs without asking (--yes)',
  confirm: 'asks before running',
};

/** The plan as plain text, one step after another. */
export function formatPlan(runbook: Runbook, plan: PlannedStep[]): string {
  const clean = (s: string) => sanitize(s, { maxLength: 200 });
  const out = [`${clean(runbook.title)} (${clean(runbook.name)}): ${plan.length} step${plan.length === 1 ? '' : 's'}`];
  for (const step of plan) {
    out.push('', `${step.index}. ${clean(step.title)}${step.manual ? '  [manual]' : ''}`);
    for (const b of step.blocks) {
      const what = `${b.lang} ${b.action === 'refuse' ? NOT_RUN_TEXT[b.reason!] : ACTION_TEXT[b.action]}`;
      const expect = b.expect ? `, expects ${b.expect}` : '';
      out.push(`   ${what}${expect}${b.dangerous ? ' [dangerous]' : ''}`);
      for (const line of b.code.split('\n')) out.push(`     ${sanitize(line, { maxLength: 300 })}`);
    }
  }
  return out.join('\n');
}
