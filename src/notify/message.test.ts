import { describe, expect, it } from 'vitest';
import { foldIncident } from '../incidents/fold.js';
import { stampEvent } from '../incidents/events.js';
import type { EventBody } from '../incidents/types.js';
import { briefLines, incidentBrief, slackBrief } from './message.js';
import { pagerdutyBody } from './send.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const at = (m: number, body: EventBody, author = 'alice') => stampEvent(body, T0 + m * 60_000, author, { id: `e${m}` });
const part = (name: string, data: unknown) => ({ name, source: 'x', status: 'ok' as const, data });

const state = foldIncident('inc-20261123-a7f', [
  at(0, { type: 'opened', incident: 'inc-20261123-a7f', title: 'Payments \u001b[31mslow\u001b[0m <b>', severity: 'sev2', services: ['payments-db', 'payments'], startedAt: '2026-11-23T09:55:00Z' }),
  at(0, {
    type: 'snapshot',
    snapshot: {
      parts: [
        part('alerts', { firing: [], candidates: [{ service: 'payments-db', score: 0.91, evidence: ['alerted first', 'deepest failing span of 21 of 35 error traces'] }] }),
        part('slo', { slos: [{ name: 'payments-availability', service: 'payments', burnRate: 21.13, budgetRemaining: 0.4 }, { name: 'search-latency', service: 'search', burnRate: 3 }] }),
        part('impact', { usersAffected: 1234.4, events: [{ name: 'checkout_completed', lost: 321 }] }),
      ],
    },
  }),
  at(0, { type: 'runbook-attached', runbook: 'payments-db-latency' }),
  at(3, { type: 'acknowledged' }, 'bob'),
]).state;

describe('what the messages carry', () => {
  it('an actionable brief: title, severity, services, root cause with reasons, SLO burn of its services, impact, runbook, who is on it', () => {
    expect(briefLines(incidentBrief(state, { runbookUrl: 'https://wiki.example.com/rb/{runbook}' }))).toEqual([
      '[SEV2] Payments slow <b> (inc-20261123-a7f, investigating)',
      'Services: payments-db, payments',
      'Likely root cause: payments-db (score 0.91) — alerted first; deepest failing span of 21 of 35 error traces',
      'SLO burn: payments-availability 21.1x (40% budget left)',
      'Impact: ~1234 users affected, checkout_completed -321',
      'Runbook: payments-db-latency https://wiki.example.com/rb/payments-db-latency (obs runbook run payments-db-latency)',
      'On it: bob',
      'Started: 2026-11-23T09:55:00.000Z; opened by alice',
    ]);
  });

  it('escapes Slack markup and keeps terminal escapes out', () => {
    const { text, blocks } = slackBrief(incidentBrief(state));
    expect(text).toBe('[SEV2] Payments slow &lt;b&gt; (inc-20261123-a7f, investigating)');
    expect(JSON.stringify(blocks)).not.toMatch(/\\u001b/);
  });

  it('a PagerDuty trigger with the incident as dedup key and the severity mapped; acknowledge and resolve carry only the key', () => {
    const trigger = pagerdutyBody('R0UTING', { state, event: at(0, { type: 'opened', incident: state.id, title: 't', severity: 'sev2', services: [] }), announced: false, runbookUrl: 'https://wiki.example.com/rb/{runbook}' });
    expect(trigger).toMatchObject({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: 'inc-20261123-a7f',
      payload: { summary: '[SEV2] Payments slow <b>', source: 'payments-db', severity: 'error', component: 'payments-db', timestamp: '2026-11-23T09:55:00.000Z' },
      links: [{ href: 'https://wiki.example.com/rb/payments-db-latency', text: 'Runbook payments-db-latency' }],
    });
    expect(pagerdutyBody('R0UTING', { state, event: at(3, { type: 'acknowledged' }), announced: true })).toEqual({ routing_key: 'R0UTING', event_action: 'acknowledge', dedup_key: 'inc-20261123-a7f' });
    expect(pagerdutyBody('R0UTING', { state, event: at(9, { type: 'status', status: 'resolved' }), announced: true })).toEqual({ routing_key: 'R0UTING', event_action: 'resolve', dedup_key: 'inc-20261123-a7f' });
  });
});
