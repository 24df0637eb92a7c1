import { describe, expect, it } from 'vitest';
import type { ExecResult } from './expect.js';
import { parseRunbook } from './parse.js';
import { decideBlock, describeOutput, formatPlan, planRunbook, runStep, type StepExecutors } from './run.js';
import { stepNoteEvent, stepRunEvent, stepSkipEvent, runbookAttachedEvent } from './timeline.js';
import type { Runbook, RunbookStep } from './types.js';
import { describeEvent, stampEvent } from '../incidents/events.js';

const RUNBOOK = `---
title: Demo
match:
  services: [payments]
---
1. Latency

   \`\`\`promql expect="< 0.5"
   histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="payments"}[5m])))
   \`\`\`

2. Timeouts

   \`\`\`logql expect="empty"
   {service="payments"} |= "timeout"
   \`\`\`

3. Who blocks

   \`\`\`sh
   psql -c "select 1"
   \`\`\`

4. Kill the blocker

   \`\`\`sh dangerous=true
   psql -c "select pg_terminate_backend(42)"
   \`\`\`

5. Read the dashboard and think.

6. SLO and CPU

   \`\`\`obs
   obs slo check payments
   \`\`\`

   \`\`\`promql
   sum(rate(process_cpu_seconds_total{service="payments"}[5m]))
   \`\`\`
`;

const rb: Runbook = parseRunbook(RUNBOOK, 'runbooks/demo.md').runbook!;
const step = (n: number): RunbookStep => rb.steps[n - 1];

/** Executors that record what they were asked and answer from a table. */
function fake(answers: Partial<Record<'promql' | 'logql' | 'obs' | 'sh', ExecResult | Error>>) {
  const calls: string[] = [];
  const make = (lang: 'promql' | 'logql' | 'obs' | 'sh') => async (input: string) => {
    calls.push(`${lang}: ${input}`);
    const a = answers[lang];
    if (a instanceof Error) throw a;
    if (!a) throw new Error(`no answer for ${lang}`);
    return a;
  };
  const executors: StepExecutors = { promql: make('promql'), logql: make('logql'), obs: make('obs'), sh: make('sh') };
  return { executors, calls };
}

const vector = (value: number, labels: Record<string, string> = {}): ExecResult => ({ kind: 'vector', series: [{ labels, value }] });

describe('runStep', () => {
  it('runs a query and checks its expectation', async () => {
    const { executors, calls } = fake({ promql: vector(1.84) });
    const r = await runStep(step(1), executors);
    expect(calls).toEqual([`promql: ${step(1).blocks[0].code}`]);
    expect(r).toMatchObject({ step: 1, title: 'Latency', outcome: 'failed', ok: false, summary: '1.84 (expect < 0.5: failed)' });
    expect(r.blocks[0]).toMatchObject({ status: 'ran', verdict: 'failed', ok: false });
    const healthy = await runStep(step(1), fake({ promql: vector(0.12) }).executors);
    expect(healthy).toMatchObject({ outcome: 'passed', ok: true, summary: '0.12 (expect < 0.5: held)' });
  });

  it('summarises log lines, sanitised', async () => {
    const r = await runStep(step(2), fake({ logql: { kind: 'lines', lines: ['\x1b[31mERROR\x1b[0m timeout after 800ms', 'x'] } }).executors);
    expect(r.summary).toBe('2 lines, e.g. "ERROR timeout after 800ms" (expect empty: failed)');
  });

  it('reports an empty result against a comparison as no data, which fails', async () => {
    const r = await runStep(step(1), fake({ promql: { kind: 'vector', series: [] } }).executors);
    expect(r).toMatchObject({ outcome: 'failed', summary: 'no data (expect < 0.5: no data, not held)' });
  });

  it('turns an executor error into a failed step, never a throw', async () => {
    const r = await runStep(step(1), fake({ promql: new Error('prometheus: timeout after 10s') }).executors);
    expect(r).toMatchObject({ outcome: 'failed', ok: false, summary: 'error: prometheus: timeout after 10s' });
    expect(r.blocks[0]).toMatchObject({ status: 'error', error: 'prometheus: timeout after 10s' });
  });

  it('runs sh only after confirmation, and shows the confirmation what would run', async () => {
    const { executors, calls } = fake({ sh: { kind: 'text', text: 'pid 42 idle in transaction\n', exitCode: 0 } });
    const asked: string[] = [];
    const declined = await runStep(step(3), executors, {
      confirm: ({ block, step }) => {
        asked.push(`${step.index}: ${block.code}`);
        return false;
      },
    });
    expect(asked).toEqual(['3: psql -c "select 1"']);
    expect(calls).toEqual([]);
    expect(declined).toMatchObject({ outcome: 'not-run', ok: true, summary: 'not run: declined' });

    const confirmed = await runStep(step(3), executors, { confirm: async () => true });
    expect(calls).toEqual(['sh: psql -c "select 1"']);
    expect(confirmed).toMatchObject({ outcome: 'ran', ok: true, summary: 'pid 42 idle in transaction' });
  });

  it('never runs sh without a confirmation callback', async () => {
    const { executors, calls } = fake({ sh: { kind: 'text', text: '' } });
    expect(await runStep(step(3), executors)).toMatchObject({ outcome: 'not-run', summary: 'not run: needs confirmation' });
    expect(calls).toEqual([]);
  });

  it('never runs sh in a read-only context, even confirmed, but still runs queries there', async () => {
    const { executors, calls } = fake({ sh: { kind: 'text', text: '' }, promql: vector(0.1) });
    const yes = () => true;
    expect(await runStep(step(3), executors, { readOnly: true, confirm: yes })).toMatchObject({ summary: 'not run: read-only context' });
    expect(await runStep(step(4), executors, { readOnly: true, allowDangerous: true, confirm: yes })).toMatchObject({ summary: 'not run: read-only context' });
    expect((await runStep(step(1), executors, { readOnly: true })).outcome).toBe('passed');
    expect(calls).toEqual([`promql: ${step(1).blocks[0].code}`]);
  });

  it('never runs a dangerous sh step unless dangerous steps are allowed, and then still asks', async () => {
    const { executors, calls } = fake({ sh: { kind: 'text', text: 't' } });
    let asked = 0;
    const confirm = () => {
      asked++;
      return true;
    };
    expect(await runStep(step(4), executors, { confirm })).toMatchObject({
      outcome: 'not-run',
      summary: 'not run: marked dangerous (needs --allow-dangerous)',
    });
    expect(asked).toBe(0);
    expect(await runStep(step(4), executors, { confirm, allowDangerous: true })).toMatchObject({ outcome: 'ran' });
    expect(asked).toBe(1);
    expect(calls).toEqual(['sh: psql -c "select pg_terminate_backend(42)"']);
  });

  it('fails a step whose command exits non-zero', async () => {
    const r = await runStep(step(3), fake({ sh: { kind: 'text', text: 'psql: connection refused', exitCode: 2 } }).executors, { confirm: () => true });
    expect(r).toMatchObject({ outcome: 'failed', summary: 'psql: connection refused (exit 2)' });
  });

  it('passes obs blocks without the leading "obs", and runs every block of a step', async () => {
    const { executors, calls } = fake({ obs: { kind: 'text', text: 'payments-availability OK 99.95%' }, promql: vector(0.82, { service: 'payments' }) });
    const r = await runStep(step(6), executors);
    expect(calls).toEqual(['obs: slo check payments', `promql: ${step(6).blocks[1].code}`]);
    expect(r).toMatchObject({ outcome: 'ran', summary: 'payments-availability OK 99.95%; 0.82 {service="payments"}' });
  });

  it('says when there is no executor for a block, and when a step is manual', async () => {
    expect(await runStep(step(2), {})).toMatchObject({ outcome: 'not-run', summary: 'not run: no backend for it here' });
    expect(await runStep(step(5), {})).toMatchObject({ outcome: 'not-run', ok: true, summary: 'manual step: nothing to run', blocks: [] });
  });
});

describe('describeOutput', () => {
  it('is one short line per kind of result', () => {
    expect(describeOutput({ kind: 'scalar', value: 1 / 3 })).toBe('0.3333');
    expect(describeOutput({ kind: 'vector', series: [{ labels: { __name__: 'up', job: 'a' }, value: 1 }] })).toBe('1 {job="a"}');
    expect(
      describeOutput({ kind: 'vector', series: [{ labels: { i: 'a' }, value: 2 }, { labels: { i: 'b' }, value: Infinity }, { labels: { i: 'c' }, value: 1 }] }),
    ).toBe('3 series, max +Inf {i="b"}');
    expect(describeOutput({ kind: 'lines', lines: [] })).toBe('no lines');
    expect(describeOutput({ kind: 'text', text: '' })).toBe('no output');
  });
});

describe('planRunbook', () => {
  it('says for every step what would run under the policy', () => {
    const plan = planRunbook(rb);
    expect(plan.map((s) => [s.index, s.manual, s.blocks.map((b) => `${b.lang}:${b.action}${b.reason ? `:${b.reason}` : ''}`)])).toEqual([
      [1, false, ['promql:query']],
      [2, false, ['logql:query']],
      [3, false, ['sh:confirm']],
      [4, false, ['sh:refuse:dangerous']],
      [5, true, []],
      [6, false, ['obs:query', 'promql:query']],
    ]);
    expect(plan[0].blocks[0].expect).toBe('< 0.5');
    expect(planRunbook(rb, { assumeYes: true, allowDangerous: true }).map((s) => s.blocks.map((b) => b.action))[3]).toEqual(['run']);
    expect(planRunbook(rb, { readOnly: true, assumeYes: true, allowDangerous: true }).flatMap((s) => s.blocks.filter((b) => b.lang === 'sh').map((b) => b.reason))).toEqual([
      'read-only',
      'read-only',
    ]);
  });

  it('formats as text', () => {
    const text = formatPlan(rb, planRunbook(rb));
    expect(text.split('\n').slice(0, 4)).toEqual(['Demo (demo): 6 steps', '', '1. Latency', '   promql runs, expects < 0.5']);
    expect(text).toContain('3. Who blocks\n   sh asks before running\n     psql -c "select 1"');
    expect(text).toContain('4. Kill the blocker\n   sh not run: marked dangerous (needs --allow-dangerous) [dangerous]');
    expect(text).toContain('5. Read the dashboard and think.  [manual]');
  });

  it('uses the same rule as runStep', () => {
    const sh = step(4).blocks[0];
    expect(decideBlock(sh, {})).toEqual({ action: 'refuse', reason: 'dangerous' });
    expect(decideBlock(sh, { allowDangerous: true })).toEqual({ action: 'confirm' });
    expect(decideBlock(sh, { allowDangerous: true, readOnly: true })).toEqual({ action: 'refuse', reason: 'read-only' });
    expect(decideBlock(step(1).blocks[0], { readOnly: true })).toEqual({ action: 'query' });
  });
});

describe('timeline events', () => {
  it('record run, skip and note for the incident, with ok only when something was checked', async () => {
    const failed = await runStep(step(1), fake({ promql: vector(1.84) }).executors);
    expect(stepRunEvent(rb, failed)).toEqual({
      type: 'runbook-step',
      runbook: 'demo',
      step: 1,
      title: 'Latency',
      action: 'run',
      summary: '1.84 (expect < 0.5: failed)',
      ok: false,
    });
    const ran = await runStep(step(3), fake({ sh: { kind: 'text', text: 'ok' } }).executors, { confirm: () => true });
    expect(stepRunEvent(rb, ran)).not.toHaveProperty('ok');
    expect(stepSkipEvent(rb, step(4), 'not now')).toEqual({ type: 'runbook-step', runbook: 'demo', step: 4, title: 'Kill the blocker', action: 'skip', summary: 'not now' });
    expect(stepNoteEvent(rb, step(5), 'dashboard shows pool at 20/20')).toMatchObject({ action: 'note', summary: 'dashboard shows pool at 20/20' });
    // A step obs would not run is recorded as refused, and the timeline says so.
    const refused = await runStep(step(4), fake({ sh: { kind: 'text', text: 'terminated' } }).executors, { confirm: () => true });
    const event = stepRunEvent(rb, refused);
    expect(event).toMatchObject({ action: 'refuse', summary: 'not run: marked dangerous (needs --allow-dangerous)' });
    expect(describeEvent(stampEvent(event, 0, 'bob'))).toBe('Refused runbook demo step 4 (Kill the blocker): not run: marked dangerous (needs --allow-dangerous)');
    const readOnly = await runStep(step(3), fake({ sh: { kind: 'text', text: 'ok' } }).executors, { readOnly: true, confirm: () => true });
    expect(stepRunEvent(rb, readOnly)).toMatchObject({ action: 'refuse', summary: 'not run: read-only context' });
    expect(runbookAttachedEvent({ runbook: rb, score: 2, reasons: ['service payments'] })).toEqual({
      type: 'runbook-attached',
      runbook: 'demo',
      title: 'Demo',
      reasons: ['service payments'],
    });
  });
});
