import { describe, expect, it } from 'vitest';
import { BackendError } from '../http/errors.js';
import type { Series } from '../backends/prometheus/types.js';
import { checkCapacity, type CapacitySources } from './check.js';
import { SOURCE_LABEL } from './resources.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = Date.UTC(2026, 5, 1, 8, 0, 0);

/** Hourly points over the last week ending at AT, from a share per day offset (negative: the past). */
function series(labels: Record<string, string>, share: (day: number) => number): Series {
  const points = Array.from({ length: 7 * 24 + 1 }, (_, i) => {
    const time = AT - (7 * 24 - i) * HOUR;
    return { time, value: share((time - AT) / DAY) };
  });
  return { labels, points };
}

/** A Prometheus that answers each kind's query from a table keyed by a metric name in the query. */
function prometheus(answers: Record<string, Series[] | Error>): CapacitySources['queryRange'] {
  return async (promql, range) => {
    const key = Object.keys(answers).find((metric) => promql.includes(metric));
    const answer = key ? answers[key]! : [];
    if (answer instanceof Error) throw answer;
    return { series: answer, stepMs: range.stepMs };
  };
}

const OPTIONS = { at: AT, sinceMs: 7 * DAY, withinMs: 7 * DAY };

describe('checkCapacity', () => {
  it('flags the disk that fills within the horizon, not the one that is merely full-ish and steady', async () => {
    const report = await checkCapacity(
      {
        queryRange: prometheus({
          node_filesystem_avail_bytes: [
            series({ instance: 'db-1:9100', mountpoint: '/var/lib/db', [SOURCE_LABEL]: 'node_exporter' }, (d) => 0.8 + 0.05 * d),
            series({ instance: 'web-1:9100', mountpoint: '/', [SOURCE_LABEL]: 'node_exporter' }, () => 0.9),
          ],
          node_memory_MemAvailable_bytes: [series({ instance: 'db-1:9100', [SOURCE_LABEL]: 'node_exporter' }, (d) => 0.5 + 0.05 * Math.sin(2 * Math.PI * d))],
        }),
      },
      OPTIONS,
    );
    const [first, ...rest] = report.items;
    expect(first).toMatchObject({ kind: 'disk', source: 'node_exporter', labels: { instance: 'db-1:9100', mountpoint: '/var/lib/db' }, status: 'runs out' });
    // 80% used, 5 points a day: full in 4 days.
    expect((first!.likely! - AT) / DAY).toBeCloseTo(4, 0);
    expect(rest.find((i) => i.labels.mountpoint === '/')).toMatchObject({ status: 'ok', likely: null });
    expect(rest.find((i) => i.kind === 'memory')).toMatchObject({ status: 'ok' });
    expect(report.failures).toEqual([]);
  });

  it('reports kinds no exporter answers for, and the missing SLO specs, as not found (never healthy)', async () => {
    const report = await checkCapacity({ queryRange: prometheus({}), evaluateSlos: async () => null }, OPTIONS);
    expect(report.items.map((i) => [i.kind, i.status])).toEqual([
      ['disk', 'not found'],
      ['memory', 'not found'],
      ['connections', 'not found'],
      ['queue', 'not found'],
      ['error budget', 'not found'],
    ]);
  });

  it('a query the backend fails leaves its kind failed and says why; the other kinds are still judged', async () => {
    const down = new BackendError({ backend: 'prometheus', kind: 'timeout', message: 'no answer within 30s' });
    const report = await checkCapacity(
      { queryRange: prometheus({ node_memory: down, node_filesystem: [series({ instance: 'a', [SOURCE_LABEL]: 'node_exporter' }, () => 0.3)] }) },
      OPTIONS,
    );
    expect(report.items.find((i) => i.kind === 'memory')).toMatchObject({ status: 'failed' });
    expect(report.items.find((i) => i.kind === 'disk')).toMatchObject({ status: 'ok' });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatch(/^memory: .*no answer within 30s/);
  });

  it('a queue has no limit: its backlog and trend are reported, never a date', async () => {
    const report = await checkCapacity(
      { queryRange: prometheus({ kafka_consumergroup_lag: [series({ consumergroup: 'billing', [SOURCE_LABEL]: 'kafka' }, (d) => 5000 + 2000 * d)] }) },
      OPTIONS,
    );
    const queue = report.items.find((i) => i.kind === 'queue')!;
    expect(queue).toMatchObject({ status: 'no limit', used: 5000, likely: null });
    expect(queue.trendPerDay!).toBeCloseTo(2000, -2);
  });
});
