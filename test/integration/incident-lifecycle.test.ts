/**
 * A whole incident through the CLI against the demo world (payments-db-latency): open with
 * evidence and the matching runbook, respond, run the runbook with live checks, draft the
 * postmortem. Every `--demo` run starts the same seeded world, 20 minutes into the fault.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runObs } from '../support/run-obs.js';

let home: string;
let previousHome: string | undefined;
const env = () => ({ OBS_HOME: home, USER: 'alice' });
// Incidents of the demo world live apart from real ones: every command names --demo to reach them.
const obs = (args: string[], user = 'alice') => runObs(['--demo', ...args], { env: { ...env(), USER: user } });

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'obs-incident-'));
  // The config store reads OBS_HOME from the process environment.
  previousHome = process.env.OBS_HOME;
  process.env.OBS_HOME = home;
});

afterAll(() => {
  if (previousHome === undefined) delete process.env.OBS_HOME;
  else process.env.OBS_HOME = previousHome;
});

interface Part {
  name: string;
  source: string;
  status: string;
  error?: string;
  data?: Record<string, unknown>;
}

describe('an incident in the payments-db-latency demo, from page to postmortem', () => {
  let id: string;

  it('obs incident open snapshots the evidence, names payments-db as the root cause and attaches its runbook', async () => {
    // A budget long enough for a loaded machine, as for obs alerts correlate: the ranking must not depend on how busy it is.
    const open = await obs(['incident', 'open', '--demo', '--evidence-budget', '50s', '-o', 'json']);
    expect(open.stderr).toBe('');
    expect(open.code).toBe(0);
    const incident = JSON.parse(open.stdout);
    id = incident.id;
    expect(id).toMatch(/^inc-\d{8}-[a-z2-9]{3}$/);
    expect(incident).toMatchObject({ severity: 'sev2', status: 'investigating', open: true, openedBy: 'alice', runbooks: ['payments-db-latency'] });
    expect(incident.title).toMatch(/^payments-db: /);
    expect(incident.services[0]).toBe('payments-db');

    const parts: Part[] = incident.snapshots[0].parts;
    expect(parts.map((p) => `${p.name}:${p.source}:${p.status}`)).toEqual([
      'alerts:alertmanager:ok',
      'slo:prometheus:ok',
      'logs:loki:ok',
      'traces:jaeger:ok',
      'impact:amplitude:ok',
      'anomalies:prometheus:ok',
    ]);
    const part = (name: string) => parts.find((p) => p.name === name)!.data as Record<string, any>;
    expect(part('alerts').candidates[0].service).toBe('payments-db');
    expect(part('alerts').firing.map((a: { name: string }) => a.name)).toContain('PaymentsDbLatencyHigh');
    const payments = part('slo').slos.find((s: { name: string }) => s.name === 'payments-availability');
    expect(payments, JSON.stringify(part('slo'))).toMatchObject({ service: 'payments', verdict: 'BREACHED' });
    expect(part('logs').patterns).toContainEqual(expect.objectContaining({ kind: 'new', service: 'payments-db', pattern: expect.stringContaining('still waiting for ShareLock') }));
    expect(part('traces').traces.length).toBeGreaterThan(0);
    expect(part('traces').traces.map((t: { service: string }) => t.service)).toContain('payments-db');
    expect(part('impact').events.map((e: { name: string }) => e.name)).toEqual(['page_view', 'add_to_cart', 'checkout_started', 'checkout_completed']);
    expect(part('anomalies').services).toContain('payments-db');
    expect(part('anomalies').scored).toBeGreaterThan(0);
    expect(incident.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'snapshot', 'runbook-attached']);
  }, 300_000);

  it('remembers it as the current incident: ack, assign, note and status need no ID', async () => {
    expect((await obs(['incident', 'ack'], 'bob')).code).toBe(0);
    expect((await obs(['incident', 'assign', 'bob'])).code).toBe(0);
    const note = await obs(['incident', 'note', 'pool exhausted on payments; looking at payments-db locks', '-o', 'json'], 'bob');
    expect(JSON.parse(note.stdout)).toMatchObject({ incident: id, event: { type: 'note', author: 'bob' } });
    expect((await obs(['incident', 'status', 'identified', id.slice(-3)], 'bob')).code).toBe(0);

    const list = await obs(['incident', 'list', '-o', 'json']);
    expect(JSON.parse(list.stdout)).toMatchObject({ current: id, incidents: [{ id, status: 'identified', assignee: 'bob', acknowledgedBy: 'bob' }] });
  });

  it('obs runbook run --yes steps through with live checks that fail during the incident, into the timeline', async () => {
    const run = await obs(['runbook', 'run', 'payments-db-latency', '--yes', '--incident', id, '--demo', '-o', 'json'], 'bob');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.incident).toBe(id);
    const outcomes = result.steps.map((s: { outcome: string }) => s.outcome);
    // Step 4 looks for payments' timeouts in the last minutes: how many requests time out follows the
    // demo's daily traffic curve, so at a quiet hour there may be none yet. Every other step is fixed.
    expect(['failed', 'passed']).toContain(outcomes[3]);
    expect(outcomes.filter((_: string, i: number) => i !== 3)).toEqual(['failed', 'failed', 'failed', 'failed', 'ran', 'not-run', 'not-run', 'not-run']);
    expect(run.stderr).toBe(`obs: ${outcomes.filter((o: string) => o === 'failed').length} of 9 steps failed their checks\n`);
    expect(result.steps[0].summary).toMatch(/\(expect < 0\.25: failed\)$/);
    expect(result.steps[4].summary).toMatch(/still waiting for ShareLock/);
    // The obs block ran in this process against the same demo world.
    expect(result.steps[5].blocks[0].output.text).toMatch(/^5 traces, 5 with errors\n/);
    expect(result.steps[5].blocks[0].output.text).toContain('frontend POST /checkout');
    expect(result.steps[6].summary).toBe('not run: read-only context');
    expect(result.steps[7].summary).toBe('not run: read-only context');

    const timeline = JSON.parse((await obs(['incident', 'timeline', '-o', 'json'])).stdout).timeline;
    const steps = timeline.filter((e: { type: string }) => e.type === 'runbook-step');
    expect(steps).toHaveLength(9);
    expect(steps[0].text).toMatch(/^Ran runbook payments-db-latency step 1 \(How slow is payments-db\?\) \[failed\]: /);
  }, 120_000);

  it('a second snapshot, mitigation and resolution; stats count it', async () => {
    const snap = await obs(['incident', 'snapshot', '--demo', '--evidence-budget', '50s', '-o', 'json']);
    expect(snap.code).toBe(0);
    expect(JSON.parse(snap.stdout).snapshot.parts.map((p: Part) => p.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect((await obs(['incident', 'status', 'monitoring'], 'bob')).code).toBe(0);
    expect((await obs(['incident', 'status', 'resolved'], 'bob')).code).toBe(0);
    const stats = JSON.parse((await obs(['incident', 'stats', '--since', '1d', '-o', 'json'])).stdout);
    expect(stats).toMatchObject({ count: 1, open: 0, resolved: 1, mtta: { n: 1 }, mttr: { n: 1 } });
  }, 300_000);

  it('obs incident postmortem drafts the document from the real timeline and impact', async () => {
    const pm = await obs(['incident', 'postmortem', id, '--demo']);
    expect(pm.code).toBe(0);
    const doc = pm.stdout;
    expect(doc).toMatch(new RegExp(`^# Postmortem: payments-db: .* \\(${id}\\)`));
    expect(doc).toMatch(/Top root-cause candidate: payments-db \(score [\d.]+\)\./);
    // Measured from the first alert of the group, minutes before anyone opened the incident.
    expect(doc).toContain('| Measured from | the first alert |');
    expect(doc).toMatch(/\| Time to acknowledge \| \d+m( \d+s)? \(by bob\) \|/);
    expect(doc).toMatch(/- \*\*Users affected:\*\* \d+/);
    expect(doc).toMatch(/- \*\*Events lost:\*\* page_view \d+, add_to_cart \d+, checkout_started \d+, checkout_completed \d+/);
    expect(doc).toMatch(/- \*\*SLO budget consumed:\*\* checkout-availability /);
    expect(doc).toContain('Note: pool exhausted on payments; looking at payments-db locks');
    expect(doc).toMatch(/\| payments-db-latency \| 1 How slow is payments-db\? \| run \| [\d.]+ \(expect < 0\.25: failed\) \| failed \|/);
    expect(doc).toContain('still waiting for ShareLock');
    expect(doc).toContain('## Action items');

    // Offline, the figures come from what the snapshots recorded.
    const offline = (await obs(['incident', 'postmortem', id, '--offline'])).stdout;
    expect(offline).toMatch(/- \*\*SLO budget consumed:\*\* checkout-availability [\d.]+% \([-\d.]+% → [-\d.]+% left\)/);
    expect(offline).toMatch(/- \*\*Users affected:\*\* \d+ \(estimate, amplitude\)/);
  }, 120_000);

  it('an unknown ID is a usage error', async () => {
    const show = await obs(['incident', 'show', 'zzz']);
    expect(show).toMatchObject({ code: 2, stderr: 'obs: no incident "zzz"\n' });
    const status = await obs(['incident', 'status', 'done']);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/"done" is not a status/);
  });
});
