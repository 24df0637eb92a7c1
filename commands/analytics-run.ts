import { ConfigError } from '../src/config/errors.js';
import { resolveRange } from '../src/time/time.js';
import { sparkline } from '../src/output/sparkline.js';
import type { Session } from './session.js';

export async function runAnalyticsEvents(s: Session, event: string, o: { uniques?: boolean; interval?: string; since?: string; from?: string; to?: string }): Promise<void> {
  const range = resolveRange(o, '24h', s.io.now());
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
  const rows = result.series.flatMap((series) => result.xValues.map((x, i) => ({ series: series.label, x, value: series.values[i] ?? 0 })));
  if (s.format() === 'table') {
    for (const series of result.series) {
      const total = series.total ?? series.values.reduce<number>((a, v) => a + (v ?? 0), 0);
      s.print(`${event}${series.label && series.label !== event ? ` (${series.label})` : ''}: ${total} ${o.uniques ? 'users' : 'events'}  ${sparkline(series.values.map((v) => v ?? undefined), 48)}`);
    }
  }
  s.output(rows, [
    { header: 'TIME', value: (r) => r.x },
    { header: 'COUNT', value: (r) => r.value, align: 'right' },
  ], { event, metric: o.uniques ? 'uniques' : 'totals', interval, xValues: result.xValues, series: result.series });
}
