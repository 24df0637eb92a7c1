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
});
