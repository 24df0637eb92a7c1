import { describe, expect, it } from 'vitest';
import type { LokiRangeResult } from '../backends/loki/types.js';
import type { LokiLogs } from './from-loki.js';
import { PatternCache, baselineSlices, newPatternsByService, servicePatterns } from './live.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.parse('2024-05-01T10:00:00Z');

/**
 * A day of lines per service: requests all day, twice as many in the last half hour (traffic,
 * not trouble), and payments' pool errors in its last ten minutes.
 */
function line(stream: string, t: number): string[] {
  const service = stream.slice(stream.lastIndexOf('/') + 1); // a Kubernetes namespace/app stream is the app's
  const out = [`${service}: GET /cart 200 took ${t % 89}ms`];
  if (t >= NOW - 30 * MIN) out.push(`${service}: GET /cart 200 took ${(t + 7) % 89}ms`);
  if (service === 'payments' && t >= NOW - 10 * MIN) out.push(`ERROR HikariPool-1 - Connection is not available, request timed out after ${(t / MIN) % 5000}ms`);
  if (service === 'payments' && t % (10 * MIN) === 0) out.push('INFO HikariPool-1 - Pool stats (total=20, active=2)');
  return out;
}

function fakeLoki(failing: string[] = []) {
  const asked: string[] = [];
  const loki: LokiLogs = {
    async queryRange(logql, o): Promise<LokiRangeResult> {
      // {service="a"} or {service=~"a|b"}, under any label
      const [, label, op, names] = /\{(\w+)(=~?)"([^"]+)"/.exec(logql)!;
      const services = op === '=~' ? names!.split('|') : [names!];
      asked.push(`${services.join('|')} ${new Date(o.start).toISOString().slice(11, 16)}-${new Date(o.end).toISOString().slice(11, 16)}`);
      const refused = services.find((s) => failing.includes(s));
      if (refused) throw new Error(`${refused}: connection refused`);
      const entries: { ts: string; line: string; labels: Record<string, string> }[] = [];
      for (let t = Math.ceil(o.start / MIN) * MIN; t < o.end; t += MIN) {
        for (const service of services) for (const l of line(service, t)) entries.push({ ts: `${BigInt(t) * 1_000_000n}`, line: l, labels: { [label!]: service } });
      }
      if (o.direction === 'backward') entries.reverse();
      const limit = o.limit ?? 100;
      return { resultType: 'streams', entries: entries.slice(0, limit), truncated: entries.length > limit, warnings: [], stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 }, requests: 1 };
    },
    patterns: async () => {
      throw new Error('the live patterns mine locally');
    },
    query: async () => {
      throw new Error('the live patterns mine locally');
    },
  };
  return { loki, asked };
}

describe('baselineSlices', () => {
  it('samples the day before: slices as long as the window (at most 30m), ending 6, 12, 18 and 24 hours earlier, on a 5-minute grid', () => {
    const slices = baselineSlices({ start: NOW - 30 * MIN + 2 * MIN, end: NOW + 2 * MIN }, 24 * HOUR, 4);
    expect(slices.map((s) => [new Date(s.start).toISOString(), (s.end - s.start) / MIN])).toEqual([
      ['2024-04-30T09:30:00.000Z', 30],
      ['2024-04-30T15:30:00.000Z', 30],
      ['2024-04-30T21:30:00.000Z', 30],
      ['2024-05-01T03:30:00.000Z', 30],
    ]);
    const long = baselineSlices({ start: NOW - 2 * HOUR, end: NOW }, 24 * HOUR, 4);
    expect(long.every((s) => s.end - s.start === 30 * MIN && s.end <= NOW - 2 * HOUR)).toBe(true);
  });
});

describe('servicePatterns', () => {
  it('marks the new error pattern NEW and lists it first; twice the traffic is not a surge', async () => {
    const { loki } = fakeLoki();
    const items = await servicePatterns(loki, 'payments', NOW);
    expect(items[0]).toMatchObject({ status: 'NEW', template: 'Connection is not available, request timed out after <*>', count: 10 });
    expect(items[0]!.samples).toHaveLength(3);
    const requests = items.find((i) => i.template.includes('GET'))!;
    expect(requests).toMatchObject({ status: 'STEADY', count: 60 });
  });

  it('answers from its cache for a while, and reads the baseline slices once', async () => {
    const { loki, asked } = fakeLoki();
    const cache = new PatternCache({ ttlMs: 20_000 });
    const first = await servicePatterns(loki, 'payments', NOW, { cache });
    expect(asked).toHaveLength(5);
    expect(await servicePatterns(loki, 'payments', NOW + 10_000, { cache })).toBe(first);
    expect(asked).toHaveLength(5);
    await servicePatterns(loki, 'payments', NOW + 30_000, { cache });
    expect(asked).toHaveLength(6); // only the recent window again
  });
});

describe('newPatternsByService', () => {
  it('counts NEW patterns per service, leaving out services without any', async () => {
    const { loki } = fakeLoki();
    expect(await newPatternsByService(loki, ['payments', 'cart'], { start: NOW - HOUR, end: NOW })).toEqual({ payments: 1 });
  });

  it('reads the services of one stream label together: one query per window, split by the label', async () => {
    const { loki, asked } = fakeLoki();
    expect(await newPatternsByService(loki, ['payments', 'cart', 'auth'], { start: NOW - HOUR, end: NOW }, { slices: 1 })).toEqual({ payments: 1 });
    expect(asked).toEqual(['payments|cart|auth 09:00-10:00', 'payments|cart|auth 09:30-10:00']);
  });

  it('keeps each service to its own cap of lines, newest first, so a busy neighbour does not crowd it out', async () => {
    // cart writes one line a minute; payments two in its last half hour, plus its errors.
    const { loki } = fakeLoki();
    const together = await newPatternsByService(loki, ['payments', 'cart'], { start: NOW - HOUR, end: NOW }, { limit: 20 });
    const alone = await newPatternsByService(loki, ['payments'], { start: NOW - HOUR, end: NOW }, { limit: 20 });
    expect(together).toEqual(alone);
    expect(together).toEqual({ payments: 1 });
  });

  it('reads streams named after a namespace (job="shop/payments") as the service\'s own, in the same one query', async () => {
    const { loki, asked } = fakeLoki();
    const stream = (service: string) => ({ label: 'job', values: service === 'payments' ? ['shop/payments', 'staging/payments'] : [`shop/${service}`] });
    expect(await newPatternsByService(loki, ['payments', 'cart'], { start: NOW - HOUR, end: NOW }, { stream, slices: 1 })).toEqual({ payments: 1 });
    expect(asked).toEqual(['shop/payments|staging/payments|shop/cart 09:00-10:00', 'shop/payments|staging/payments|shop/cart 09:30-10:00']);
  });

  it('leaves out services whose lines cannot be read, and fails only when none can', async () => {
    const { loki } = fakeLoki(['cart']);
    // cart's lines are under another label, so its query is its own and fails alone.
    const label = (s: string) => (s === 'cart' ? 'app' : 'service');
    expect(await newPatternsByService(loki, ['payments', 'cart'], { start: NOW - HOUR, end: NOW }, { label })).toEqual({ payments: 1 });
    await expect(newPatternsByService(fakeLoki(['cart']).loki, ['cart'], { start: NOW - HOUR, end: NOW })).rejects.toThrow(/refused/);
  });
});
