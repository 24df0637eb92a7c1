import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

const NOW = Date.parse('2026-11-23T10:15:00Z');

/** Amplitude answers an hourly chart with every hour of the days asked for; hours after now are 0. */
function hourlyDay(day: string) {
  const xValues = Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00:00`);
  return { data: { series: [xValues.map((x) => (Date.parse(`${x}Z`) < NOW ? 120 : 0))], seriesLabels: [0], xValues } };
}

describe('obs analytics events', () => {
  let amplitude: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    amplitude = await startFakeServer((_req, res) => reply(res, 200, hourlyDay('2026-11-23')));
  });
  afterAll(() => amplitude.close());
  const events = (...args: string[]) => runObs(['analytics', 'events', 'checkout_completed', '--since', '6h', ...args], { env: { OBS_AMPLITUDE_URL: amplitude.url }, now: NOW });

  it('returns only the buckets of the range that have begun, the current one marked partial', async () => {
    const r = await events('-o', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'TIME,COUNT,PARTIAL',
      ...['04', '05', '06', '07', '08', '09'].map((h) => `2026-11-23T${h}:00:00.000Z,120,false`),
      '2026-11-23T10:00:00.000Z,120,true',
    ]);
  });

  it('draws the trend from complete buckets, so it does not drop to zero at the end', async () => {
    const r = await events('-o', 'table');
    const [summary] = r.stdout.split('\n');
    expect(summary).toMatch(/^checkout_completed: 840 events {2}(\S+) {2}\(current hour so far: 120\)$/);
    expect(new Set([...summary.split('  ')[1]!]).size).toBe(1);
  });
});
