import { ConfigError } from '../src/config/errors.js';
import type { Figure, ProductImpact } from '../src/analytics/index.js';
import { resolveRange } from '../src/time/time.js';
import { incidentStore, incidentWindow, withStore } from './incident-run.js';
import type { Session } from './session.js';

export async function runAnalyticsImpact(s: Session, o: { incident?: string; since?: string; from?: string; to?: string }): Promise<void> {
  if (o.incident !== undefined && (o.since || o.from || o.to)) throw new ConfigError('give --incident or a time range, not both');
  const now = s.io.now();
  const backends = await s.backends();
  const window = o.incident !== undefined
    ? incidentWindow((await withStore(async () => (await incidentStore(s, backends)).read(o.incident))).state, now)
    : resolveRange(o, '1h', now);
  const { measureImpact, DEFAULT_KEY_EVENTS } = await import('../src/analytics/index.js');
  const keyEvents = backends.context.context.keyEvents?.length ? backends.context.context.keyEvents : DEFAULT_KEY_EVENTS;
  const impact = await measureImpact(backends.amplitude, { window, keyEvents, now });
  const data = { ...impact, window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() } };
  if (s.format() !== 'table') {
    s.output(rows(impact), columns(impact), data);
    return;
  }
  s.print(`Window ${data.window.start.slice(0, 16).replace('T', ' ')} to ${data.window.end.slice(0, 16).replace('T', ' ')} UTC (${impact.hours.toFixed(2)} h) against ${impact.comparisons.map((c) => `the ${c.name}`).join(' and ')}:`);
  s.output(rows(impact), columns(impact), data);
  s.print(impact.usersAffected === undefined ? '\nUsers affected: unknown (nothing to compare with)' : `\nUsers affected (estimate): ~${impact.usersAffected}`);
  for (const line of impact.estimate) s.print(`  ${line}`);
}

interface Row {
  metric: string;
  figure: Figure;
  percent?: boolean;
}

function rows(impact: ProductImpact): Row[] {
  return [
    { metric: 'active users per hour', figure: impact.activeUsers },
    ...impact.events.map((e) => ({ metric: e.name, figure: e })),
    ...impact.conversions.map((c) => ({ metric: `${c.to} / ${c.from}`, figure: c, percent: true })),
  ];
}

function columns(impact: ProductImpact) {
  const value = (r: Row, v: number | undefined) => (v === undefined ? '—' : r.percent ? `${(v * 100).toFixed(1)}%` : String(Math.round(v)));
  return [
    { header: 'METRIC', value: (r: Row) => r.metric },
    // CSV (raw) has the figures unrounded: counts, conversion ratios and the change as 0..1, empty when unknown.
    { header: 'INCIDENT', value: (r: Row) => value(r, r.figure.current), raw: (r: Row) => r.figure.current, align: 'right' as const },
    ...impact.comparisons.map((c) => ({ header: c.name.toUpperCase(), value: (r: Row) => value(r, r.figure.before[c.name]), raw: (r: Row) => r.figure.before[c.name], align: 'right' as const })),
    { header: 'CHANGE', value: (r: Row) => (r.figure.change === undefined ? '—' : `${r.figure.change >= 0 ? '+' : ''}${(r.figure.change * 100).toFixed(1)}%`), raw: (r: Row) => r.figure.change, align: 'right' as const },
  ];
}
