import { ConfigError } from '../src/config/errors.js';
import { resolveRange } from '../src/time/time.js';
import { sparkline } from '../src/output/sparkline.js';
import { pastBuckets } from '../src/analytics/chart.js';
import { rfc3339 } from '../src/output/format.js';
import type { Session } from './session.js';

export async function runAnalyticsEvents(s: Session, event: string, o: { uniques?: boolean; interval?: string; since?: string; from?: string; to?: string }): Promise<void> {
  const now = s.io.now();
  const range = resolveRange(o, '24h', now);
  const days = (range.end - range.start) / 86_400_000;
  const interval = (o.interval ?? (days <= 7 ? 'hourly' : 'daily')) as 'hourly' | 'daily';
  if (interval !== 'hourly' && interval !== 'daily') throw new ConfigError('--interval must be hourly or daily');
  if (interval === 'hourly' && days > 7) throw new ConfigError('Amplitude keeps hourly data for at most 7 days: use --interval daily');
  const result = await (await s.backends()).amplitude.eventSegmentation({
    event,
    start: new Date(range.start),
    end: new Date(range.end),
    metric: o.uniques ? 'uniques' : 'totals',
    interval,
  });
  // Amplitude answers whole days: keep the buckets of the range that have begun, the current one marked partial.
  const series = pastBuckets(result, interval, range, now);
  const rows = series.flatMap((sr) => sr.buckets.map((b) => ({ series: sr.label, ...b })));
  if (s.format() === 'table') {
    for (const sr of series) {
      const complete = sr.buckets.filter((b) => !b.partial);
      const current = sr.buckets.find((b) => b.partial);
      const total = sr.buckets.reduce((a, b) => a + (b.value ?? 0), 0);
      // The trend is drawn from complete buckets only, so the partial one cannot look like a drop to zero.
      const trend = sparkline(complete.map((b) => b.value ?? undefined), 48);
      const partial = current ? `  (current ${interval === 'hourly' ? 'hour' : 'day'} so far: ${current.value ?? 0})` : '';
      s.print(`${event}${sr.label && sr.label !== event ? ` (${sr.label})` : ''}: ${total} ${o.uniques ? 'users' : 'events'}  ${trend}${partial}`);
    }
  }
  s.output(rows, [
    { header: 'TIME', value: (r) => rfc3339(r.start).slice(0, interval === 'hourly' ? 16 : 10).replace('T', ' '), raw: (r) => rfc3339(r.start) },
    { header: 'COUNT', value: (r) => r.value ?? '', align: 'right' },
    { header: 'PARTIAL', value: (r) => (r.partial ? 'yes' : ''), raw: (r) => r.partial },
  ], { event, metric: o.uniques ? 'uniques' : 'totals', interval, range: { start: rfc3339(range.start), end: rfc3339(range.end) }, series: series.map((sr) => ({ label: sr.label, buckets: sr.buckets.map((b) => ({ start: rfc3339(b.start), value: b.value, partial: b.partial })) })) });
}
