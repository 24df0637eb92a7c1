/**
 * An incident from open to postmortem, in process, the way the `obs incident` and `obs runbook`
 * commands put the pieces together: store, evidence snapshot, runbook matching, step execution
 * against the demo world, timeline, postmortem.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePart, type AlertsEvidence } from '../../src/incidents/evidence.js';
import { renderPostmortem } from '../../src/incidents/postmortem.js';
import { IncidentStore } from '../../src/incidents/store.js';
import { loadRunbooks } from '../../src/runbooks/load.js';
import { matchRunbooks } from '../../src/runbooks/match.js';
import { runStep } from '../../src/runbooks/run.js';
import { runbookAttachedEvent, stepRunEvent, stepSkipEvent } from '../../src/runbooks/timeline.js';
import { MIN, ONSET, simExecutors } from './sim-executors.js';

const firing = [
  { alertname: 'HighLatency', service: 'payments-db', severity: 'critical' },
  { alertname: 'HighLatency', service: 'payments', severity: 'critical' },
  { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
  { alertname: 'HighErrorRate', service: 'frontend', severity: 'warning' },
];
const alertsEvidence: AlertsEvidence = {
  firing: firing.map((labels) => ({ name: labels.alertname, labels, startsAt: new Date(ONSET + 6 * MIN).toISOString() })),
  candidates: [
    { service: 'payments-db', score: 0.9, evidence: ['its latency rose first', 'payments, checkout and frontend call it'] },
    { service: 'payments', score: 0.4, evidence: ['pool exhausted'] },
  ],
};

describe('an incident from open to postmortem', () => {
  it('records the evidence, the runbook steps and the response, and drafts the postmortem', async () => {
    let clock = ONSET + 10 * MIN;
    const dir = mkdtempSync(join(tmpdir(), 'obs-lifecycle-'));
    const as = (author: string) => new IncidentStore({ dir, author, now: () => clock });

    // obs incident open
    const parts = [
      await capturePart('alerts', 'alertmanager', async () => alertsEvidence),
      await capturePart('slo', 'prometheus', async () => Promise.reject(new Error('prometheus: timeout after 10s'))),
      await capturePart('impact', 'amplitude', undefined),
    ];
    expect(parts.map((p) => p.status)).toEqual(['ok', 'failed', 'unavailable']);
    const rootCause = alertsEvidence.candidates[0].service;
    const opened = await as('alice').open({ title: 'Payments latency', severity: 'sev2', services: [rootCause] });
    await as('alice').append(opened.id, { type: 'snapshot', snapshot: { reason: 'open', parts } });
    const { runbooks, problems } = await loadRunbooks(['runbooks']);
    expect(problems).toEqual([]);
    const [best] = matchRunbooks(runbooks, firing.map((labels) => ({ labels })), { services: [rootCause], rootCause });
    expect(best.runbook.name).toBe('payments-db-latency');
    await as('alice').append(undefined, runbookAttachedEvent(best));

    // obs incident ack, then obs runbook run payments-db-latency --incident <id>
    clock += 3 * MIN;
    await as('bob').append(undefined, { type: 'acknowledged' });
    const shellRuns: string[] = [];
    const executors = {
      ...simExecutors('payments-db-latency', ONSET + 20 * MIN),
      sh: async (command: string) => (shellRuns.push(command), { kind: 'text' as const, text: '', exitCode: 0 }),
    };
    for (const step of best.runbook.steps) {
      clock += MIN;
      if (step.blocks.some((b) => b.dangerous)) {
        await as('bob').append(undefined, stepSkipEvent(best.runbook, step, 'not needed: no single blocker'));
        continue;
      }
      const result = await runStep(step, executors, { confirm: () => false });
      await as('bob').append(undefined, stepRunEvent(best.runbook, result));
    }

    clock += 5 * MIN;
    await as('bob').append(undefined, { type: 'note', text: 'long transaction from the nightly report holds row locks' });
    await as('bob').append(undefined, { type: 'status', status: 'identified' });
    clock += 10 * MIN;
    await as('bob').append(undefined, { type: 'status', status: 'monitoring' });
    clock += 15 * MIN;
    await as('bob').append(undefined, { type: 'status', status: 'resolved' });

    const { state, warnings } = await as('alice').read(opened.id);
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ status: 'resolved', open: false, acknowledgedBy: 'bob', runbooks: ['payments-db-latency'] });
    const outcomes = state.steps.map((s) => `${s.step}:${s.action}:${s.ok ?? '-'}`);
    // The checks fail during the incident (the evidence), sh is declined, the dangerous step skipped.
    expect(outcomes).toEqual(['1:run:false', '2:run:false', '3:run:false', '4:run:false', '5:run:false', '6:run:-', '7:run:-', '8:skip:-', '9:run:-']);
    expect(state.steps[6].summary).toBe('not run: declined');
    expect(shellRuns).toEqual([]);
    expect(state.steps[5].summary).toBe('not run: no backend for it here');

    const doc = renderPostmortem(state, { generatedAt: clock });
    expect(doc).toContain('# Postmortem: Payments latency');
    expect(doc).toContain('Top root-cause candidate: payments-db (score 0.9).');
    expect(doc).toContain('| Time to acknowledge | 7m (by bob) |');
    expect(doc).toContain('- **SLO budget consumed:** unknown (prometheus failed: prometheus: timeout after 10s)');
    expect(doc).toContain('- **Users affected:** unknown (amplitude unavailable: not available in this build or context)');
    expect(doc).toMatch(/\| payments-db-latency \| 1 How slow is payments-db\? \| run \| 1\.\d+ \(expect < 0\.25: failed\) \| failed \|/);
    expect(doc).toContain('Note: long transaction from the nightly report holds row locks');
    expect((await as('alice').list()).incidents.map((i) => i.id)).toEqual([opened.id]);
  }, 60_000);
});
