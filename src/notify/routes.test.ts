import { describe, expect, it } from 'vitest';
import { foldIncident } from '../incidents/fold.js';
import { stampEvent } from '../incidents/events.js';
import type { EventBody } from '../incidents/types.js';
import { planNotify, routeFor } from './routes.js';
import type { NotifyConfig } from './types.js';

const config: NotifyConfig = {
  channels: {
    page: { type: 'pagerduty', routingKey: 'k' },
    incidents: { type: 'slack', token: 't', channel: '#incidents' },
    ops: { type: 'slack-webhook', url: 'https://hooks.example/x' },
    audit: { type: 'webhook', url: 'https://audit.example/hook' },
  },
};

const state = (...bodies: EventBody[]) =>
  foldIncident('inc-20261123-a7f', bodies.map((b, i) => stampEvent(b, i * 60_000, 'alice', { id: `e${i}`, notify: planNotify(config, b) }))).state;
const opened = (severity: 'sev1' | 'sev2' | 'sev3' | 'sev4'): EventBody => ({ type: 'opened', incident: 'inc-20261123-a7f', title: 't', severity, services: [] });

describe('routing by severity', () => {
  it('by default P0 (sev1) pages, P1 (sev2) pages and posts, P2/P3 post; webhooks hear everything', () => {
    expect(routeFor(config, 'sev1')).toEqual(['page', 'audit']);
    expect(routeFor(config, 'sev2')).toEqual(['page', 'incidents', 'ops', 'audit']);
    expect(routeFor(config, 'sev3')).toEqual(['incidents', 'ops', 'audit']);
    expect(routeFor(config, 'sev4')).toEqual(['incidents', 'ops', 'audit']);
  });

  it('takes the routes a context names', () => {
    expect(routeFor({ ...config, routes: { sev3: ['ops'] } }, 'sev3')).toEqual(['ops']);
    expect(routeFor({ ...config, routes: { sev3: ['ops'] } }, 'sev4')).toEqual(['incidents', 'ops', 'audit']);
  });

  it('tells PagerDuty only trigger, acknowledge and resolve; chat hears every step', () => {
    const sev2 = state(opened('sev2'));
    expect(planNotify(config, { type: 'acknowledged' }, sev2)).toEqual(['page', 'incidents', 'ops', 'audit']);
    expect(planNotify(config, { type: 'note', text: 'x' }, sev2)).toEqual(['incidents', 'ops', 'audit']);
    expect(planNotify(config, { type: 'status', status: 'identified' }, sev2)).toEqual(['incidents', 'ops', 'audit']);
    expect(planNotify(config, { type: 'status', status: 'resolved' }, sev2)).toEqual(['page', 'incidents', 'ops', 'audit']);
    // Reopening a resolved incident triggers again.
    const resolved = state(opened('sev2'), { type: 'status', status: 'resolved' });
    expect(planNotify(config, { type: 'status', status: 'investigating' }, resolved)).toContain('page');
  });

  it('routes an escalation by its new severity, and keeps channels that follow the incident informed', () => {
    const sev3 = state(opened('sev3'));
    expect(planNotify(config, { type: 'escalated', severity: 'sev2', reason: 'r' }, sev3)).toEqual(['page', 'incidents', 'ops', 'audit']);
    const sev1 = state(opened('sev3'), { type: 'escalated', severity: 'sev1', reason: 'r' });
    expect(planNotify(config, { type: 'note', text: 'x' }, sev1)).toEqual(['audit', 'incidents', 'ops']);
  });

  it('announces nothing without a notify config', () => {
    expect(planNotify(undefined, opened('sev1'))).toEqual([]);
  });
});
