import { describe, expect, it } from 'vitest';
import { stampEvent } from './events.js';
import { foldIncident } from './fold.js';
import type { EventBody, IncidentEvent } from './types.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const min = 60_000;
const ev = (minutes: number, body: EventBody, author = 'alice'): IncidentEvent => stampEvent(body, T0 + minutes * min, author);
const opened = ev(0, { type: 'opened', incident: 'inc-20261123-a7f', title: 'Checkout slow', severity: 'sev2', services: ['payments-db'] });

describe('foldIncident', () => {
  it('folds the lifecycle into state', () => {
    const { state, warnings } = foldIncident('inc-20261123-a7f', [
      opened,
      ev(2, { type: 'acknowledged' }, 'bob'),
      ev(3, { type: 'acknowledged' }, 'carol'),
      ev(4, { type: 'assigned', assignee: 'bob' }),
      ev(5, { type: 'note', text: 'db looks saturated' }, 'bob'),
      ev(10, { type: 'status', status: 'identified' }),
      ev(20, { type: 'status', status: 'monitoring' }),
      ev(25, { type: 'status', status: 'investigating' }),
      ev(30, { type: 'status', status: 'monitoring' }),
      ev(40, { type: 'status', status: 'resolved' }),
      ev(41, { type: 'updated', severity: 'sev1', services: ['payments-db', 'payments'] }),
    ]);
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({
      id: 'inc-20261123-a7f',
      title: 'Checkout slow',
      severity: 'sev1',
      services: ['payments-db', 'payments'],
      openedAt: T0,
      openedBy: 'alice',
      acknowledgedAt: T0 + 2 * min,
      acknowledgedBy: 'bob',
      assignee: 'bob',
      identifiedAt: T0 + 10 * min,
      mitigatedAt: T0 + 20 * min,
      resolvedAt: T0 + 40 * min,
      status: 'resolved',
      open: false,
      eventCount: 11,
      lastEventAt: T0 + 41 * min,
    });
    expect(state.notes).toEqual([{ at: T0 + 5 * min, author: 'bob', text: 'db looks saturated' }]);
    expect(state.timeline.map((t) => t.text)).toContain('Note: db looks saturated');
    expect(state.timeline[0].text).toBe('Opened sev2 "Checkout slow" on payments-db');
  });

  it('reopening clears the resolution time', () => {
    const { state } = foldIncident('i', [
      opened,
      ev(10, { type: 'status', status: 'resolved' }),
      ev(20, { type: 'status', status: 'investigating' }),
    ]);
    expect(state.open).toBe(true);
    expect(state.resolvedAt).toBeUndefined();
  });

  it('keeps snapshots, attached runbooks and runbook steps', () => {
    const { state } = foldIncident('i', [
      opened,
      ev(1, { type: 'snapshot', snapshot: { reason: 'open', parts: [{ name: 'alerts', source: 'alertmanager', status: 'ok', data: { firing: [] } }] } }),
      ev(1, { type: 'runbook-attached', runbook: 'payments-db-latency', reasons: ['alert PaymentsDbLatencyHigh'] }),
      ev(1, { type: 'runbook-attached', runbook: 'payments-db-latency' }),
      ev(2, { type: 'runbook-step', runbook: 'payments-db-latency', step: 1, title: 'p99', action: 'run', summary: '1.2 (expected < 0.5)', ok: false }),
    ]);
    expect(state.snapshots).toHaveLength(1);
    expect(state.snapshots[0]).toMatchObject({ reason: 'open', author: 'alice', at: T0 + min });
    expect(state.runbooks).toEqual(['payments-db-latency']);
    expect(state.steps).toEqual([
      { at: T0 + 2 * min, author: 'alice', runbook: 'payments-db-latency', step: 1, title: 'p99', action: 'run', summary: '1.2 (expected < 0.5)', ok: false },
    ]);
  });

  it('does not let a second opened event rewrite history', () => {
    const { state } = foldIncident('i', [opened, ev(5, { type: 'opened', incident: 'i', title: 'Other', severity: 'sev4', services: [] })]);
    expect(state.title).toBe('Checkout slow');
    expect(state.openedAt).toBe(T0);
  });

  it('warns, without throwing, when the opened event is missing', () => {
    const { state, warnings } = foldIncident('inc-x', [ev(5, { type: 'note', text: 'orphan' })]);
    expect(state.notes).toHaveLength(1);
    expect(warnings).toMatchObject([{ kind: 'missing-open', file: 'inc-x.jsonl' }]);
  });

  it('tells each runbook step in the timeline as a sentence: what was done, to which step, and its text', () => {
    const step = (action: 'run' | 'skip' | 'note' | 'refuse', summary: string, ok?: boolean) =>
      ev(1, { type: 'runbook-step', runbook: 'greet', step: 3, title: 'Say hi.', action, summary, ...(ok === undefined ? {} : { ok }) });
    const { state } = foldIncident('i', [
      opened,
      step('note', 'note from runbook'),
      step('run', 'hi (expect hi: ok)', true),
      step('skip', 'skipped'),
      step('skip', 'not now'),
      step('refuse', 'not run: read-only context'),
      ev(1, { type: 'runbook-step', runbook: 'greet', step: 4, action: 'run', summary: '' }),
    ]);
    expect(state.timeline.slice(1).map((t) => t.text)).toEqual([
      'Note on runbook greet step 3 (Say hi.): note from runbook',
      'Ran runbook greet step 3 (Say hi.) [ok]: hi (expect hi: ok)',
      'Skipped runbook greet step 3 (Say hi.)',
      'Skipped runbook greet step 3 (Say hi.): not now',
      'Refused runbook greet step 3 (Say hi.): not run: read-only context',
      'Ran runbook greet step 4',
    ]);
  });

  it('sanitises text from the log in the timeline', () => {
    const { state } = foldIncident('i', [opened, ev(1, { type: 'note', text: 'evil \x1b]0;pwned\x07title\x1b[2J' })]);
    expect(state.timeline[1].text).toBe('Note: evil title');
  });
});
