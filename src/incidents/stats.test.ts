import { describe, expect, it } from 'vitest';
import { stampEvent } from './events.js';
import { foldIncident } from './fold.js';
import { incidentStats } from './stats.js';
import type { EventBody, Severity } from './types.js';

const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

function incident(id: string, openedAt: number, severity: Severity, ackAfterMin?: number, resolveAfterMin?: number) {
  const events = [stampEvent({ type: 'opened', incident: id, title: id, severity, services: [] }, openedAt, 'a')];
  const at = (m: number, body: EventBody) => events.push(stampEvent(body, openedAt + m * MIN, 'a'));
  if (ackAfterMin !== undefined) at(ackAfterMin, { type: 'acknowledged' });
  if (resolveAfterMin !== undefined) at(resolveAfterMin, { type: 'status', status: 'resolved' });
  return foldIncident(id, events).state;
}

describe('incidentStats', () => {
  const incidents = [
    incident('a', T0 + 1 * DAY, 'sev1', 2, 60),
    incident('b', T0 + 2 * DAY, 'sev2', 4, 30),
    incident('c', T0 + 3 * DAY, 'sev2', 12),
    incident('d', T0 + 4 * DAY, 'sev3'),
    incident('old', T0 - 10 * DAY, 'sev1', 100, 1000),
  ];

  it('counts, MTTA and MTTR over the incidents opened in the period', () => {
    const s = incidentStats(incidents, { start: T0, end: T0 + 30 * DAY });
    expect(s.count).toBe(4);
    expect(s.open).toBe(2);
    expect(s.resolved).toBe(2);
    expect(s.bySeverity).toEqual({ sev1: 1, sev2: 2, sev3: 1, sev4: 0 });
    expect(s.mtta).toEqual({ n: 3, meanMs: 6 * MIN, medianMs: 4 * MIN });
    expect(s.mttr).toEqual({ n: 2, meanMs: 45 * MIN, medianMs: 45 * MIN });
  });

  it('reports null figures, not zero, when nothing was acknowledged or resolved', () => {
    const s = incidentStats(incidents, { start: T0 + 4 * DAY, end: T0 + 5 * DAY });
    expect(s.count).toBe(1);
    expect(s.mtta).toEqual({ n: 0, meanMs: null, medianMs: null });
    expect(s.mttr.meanMs).toBeNull();
  });

  it('uses a half-open range', () => {
    expect(incidentStats(incidents, { start: T0 + 1 * DAY, end: T0 + 2 * DAY }).count).toBe(1);
  });

  it('measures MTTA and MTTR from the first alert, and MTTA from the page when PagerDuty paged', () => {
    const openedAt = T0 + 1 * DAY;
    const opened = stampEvent({ type: 'opened', incident: 'p', title: 'p', severity: 'sev2', services: [], startedAt: new Date(openedAt - 21 * MIN).toISOString() }, openedAt, 'a', { id: 'e1', notify: ['page'] });
    const paged = stampEvent({ type: 'notified', source: 'e1', channel: 'page', ok: true, attempt: 1, page: true }, openedAt + 1 * MIN, 'a');
    const acked = stampEvent({ type: 'acknowledged' }, openedAt + 3 * MIN, 'a');
    const resolved = stampEvent({ type: 'status', status: 'resolved' }, openedAt + 30 * MIN, 'a');
    const state = foldIncident('p', [opened, paged, acked, resolved]).state;
    const s = incidentStats([state], { start: T0, end: T0 + 30 * DAY });
    expect(s.mtta.meanMs).toBe(24 * MIN);
    expect(s.mttaFromPage.meanMs).toBe(2 * MIN);
    expect(s.mttr.meanMs).toBe(51 * MIN);
  });
});
