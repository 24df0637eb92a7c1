/**
 * Product impact of an incident, as plain arithmetic over counts already fetched: the incident
 * window against comparison windows (the same clock time a day and a week before). No I/O.
 *
 * The estimate of users affected, documented in README.md:
 *   users who did not come   = max(0, baseline active users per hour - incident active users per hour) x hours
 * + users who came but failed = the largest shortfall of any key event, where the expected count of
 *                               a funnel's end (`x_completed`) is its start (`x_started`) times the
 *                               baseline conversion, and of any other key event the incident's active
 *                               users times the baseline's events per active user.
 * A shortfall counts only when the incident's figure is below every comparison window: what lies
 * within the usual day-to-day spread is not blamed on the incident. One missing event is counted
 * as one user; retries make it an over-estimate, users who gave up before the first key event an
 * under-estimate.
 */

export const HOUR_MS = 3_600_000;

export interface TimeWindow {
  /** Unix ms, end exclusive. */
  start: number;
  end: number;
}

/** One chart bucket: its start and its value (an hour for Amplitude's hourly charts). */
export interface Bucket {
  start: number;
  value: number;
}

/**
 * The part of the buckets' values that falls in `window`, taking each bucket's events as spread
 * evenly over the part of it that had happened by `now` (the current hour is only partly there).
 * Undefined when no bucket overlaps the window: no data is not zero.
 */
export function windowTotal(buckets: readonly Bucket[], window: TimeWindow, options: { bucketMs?: number; now?: number } = {}): number | undefined {
  const size = options.bucketMs ?? HOUR_MS;
  const now = options.now ?? Infinity;
  let total: number | undefined;
  for (const b of buckets) {
    const observedEnd = Math.min(b.start + size, now);
    if (observedEnd <= b.start) continue;
    const overlap = Math.min(observedEnd, window.end) - Math.max(b.start, window.start);
    if (overlap <= 0) continue;
    total = (total ?? 0) + (b.value * overlap) / (observedEnd - b.start);
  }
  return total;
}

/** What was measured in one window. */
export interface WindowMeasure {
  /** Unique active users per hour, averaged over the window. */
  activeUsers?: number;
  /** Count of each key event in the window; undefined when Amplitude had no data for it. */
  events: Record<string, number | undefined>;
}

export interface Comparison {
  /** e.g. "day before", "week before". */
  name: string;
  offsetMs: number;
  measure: WindowMeasure;
}

export interface ImpactInput {
  window: TimeWindow;
  keyEvents: readonly string[];
  current: WindowMeasure;
  comparisons: readonly Comparison[];
}

/** One figure in the incident window, each comparison window, and their mean (the baseline). */
export interface Figure {
  current?: number;
  baseline?: number;
  /** By comparison name. */
  before: Record<string, number | undefined>;
  /** current / baseline - 1 (e.g. -0.4 is 40% fewer); undefined without both or with a zero baseline. */
  change?: number;
  /** The current figure is below every comparison window that has one: outside the usual spread. */
  low?: boolean;
}

export interface EventImpact extends Figure {
  name: string;
  /** How many fewer than the baseline, when the count is below every comparison window; else 0. */
  lost?: number;
}

export interface ConversionImpact extends Figure {
  from: string;
  to: string;
  /** Completions missing against `from` x the baseline conversion, when the conversion is low; else 0. */
  lost?: number;
}

export interface ProductImpact {
  window: TimeWindow;
  hours: number;
  comparisons: { name: string; offsetMs: number }[];
  activeUsers: Figure;
  events: EventImpact[];
  conversions: ConversionImpact[];
  /** The estimate (see the module comment); undefined when nothing could be compared. */
  usersAffected?: number;
  /** How the estimate was made, one line per term. */
  estimate: string[];
}

/** `checkout_started` -> `checkout_completed`: every pair of key events named `<x>_started` and `<x>_completed`. */
export function conversionPairs(keyEvents: readonly string[]): { from: string; to: string }[] {
  return keyEvents.flatMap((from) => {
    const m = /^(.*)_started$/.exec(from);
    const to = m ? `${m[1]}_completed` : undefined;
    return to && keyEvents.includes(to) ? [{ from, to }] : [];
  });
}

export function computeImpact(input: ImpactInput): ProductImpact {
  const { window, keyEvents, current, comparisons } = input;
  const hours = Math.max(0, window.end - window.start) / HOUR_MS;
  const figure = (get: (m: WindowMeasure) => number | undefined): Figure => {
    const before = Object.fromEntries(comparisons.map((c) => [c.name, get(c.measure)]));
    const known = Object.values(before).filter((v): v is number => v !== undefined);
    const baseline = known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
    const value = get(current);
    const f: Figure = { before };
    if (value !== undefined) f.current = value;
    if (baseline !== undefined) f.baseline = baseline;
    if (value !== undefined && baseline !== undefined && baseline > 0) f.change = value / baseline - 1;
    if (value !== undefined && known.length) f.low = known.every((b) => value < b);
    return f;
  };
  const shortfall = (f: Figure, expected: number, actual: number) => (f.low ? Math.max(0, expected - actual) : 0);
  const ratio = (m: WindowMeasure, from: string, to: string) => {
    const a = m.events[from];
    const b = m.events[to];
    return a !== undefined && b !== undefined && a > 0 ? b / a : undefined;
  };

  const activeUsers = figure((m) => m.activeUsers);
  const events = keyEvents.map((name): EventImpact => {
    const f = figure((m) => m.events[name]);
    return { name, ...f, ...(f.current !== undefined && f.baseline !== undefined ? { lost: shortfall(f, f.baseline, f.current) } : {}) };
  });
  const pairs = conversionPairs(keyEvents);
  const conversions = pairs.map(({ from, to }): ConversionImpact => {
    const f = figure((m) => ratio(m, from, to));
    const started = current.events[from];
    const completed = current.events[to];
    const lost = f.baseline !== undefined && started !== undefined && completed !== undefined ? shortfall(f, started * f.baseline, completed) : undefined;
    return { from, to, ...f, ...(lost !== undefined ? { lost } : {}) };
  });

  const estimate: string[] = [];
  let users: number | undefined;
  const add = (n: number) => (users = (users ?? 0) + n);
  if (activeUsers.current !== undefined && activeUsers.baseline !== undefined) {
    const missing = shortfall(activeUsers, activeUsers.baseline, activeUsers.current) * hours;
    add(missing);
    estimate.push(`${round(missing)} users did not come: ${round(activeUsers.current)} active users per hour against ${round(activeUsers.baseline)} (baseline) over ${round(hours, 2)} h`);
  }
  const comparable = [...events, ...conversions].some((f) => f.current !== undefined && f.baseline !== undefined);
  const failed = failedActions(events, conversions, activeUsers, shortfall);
  if (failed) {
    add(failed.lost);
    estimate.push(`${round(failed.lost)} users failed at ${failed.what}`);
  } else if (comparable) {
    add(0);
    estimate.push('no key event or conversion was below its usual range');
  }
  const result: ProductImpact = { window, hours, comparisons: comparisons.map((c) => ({ name: c.name, offsetMs: c.offsetMs })), activeUsers, events, conversions, estimate };
  if (users !== undefined) result.usersAffected = Math.round(users);
  return result;
}

/** The key event with the largest shortfall against what the traffic that did come should have done. */
function failedActions(
  events: EventImpact[],
  conversions: ConversionImpact[],
  active: Figure,
  shortfall: (f: Figure, expected: number, actual: number) => number,
): { lost: number; what: string } | undefined {
  let worst: { lost: number; what: string } | undefined;
  const consider = (lost: number, what: string) => {
    if (lost > 0 && (!worst || lost > worst.lost)) worst = { lost, what };
  };
  for (const c of conversions) {
    if (c.lost === undefined || c.baseline === undefined) continue;
    consider(c.lost, `${c.to}: ${round(c.lost)} fewer than ${c.from} x the baseline conversion ${percent(c.baseline)}`);
  }
  const funnelEnds = new Set(conversions.filter((c) => c.lost !== undefined).map((c) => c.to));
  for (const e of events) {
    if (funnelEnds.has(e.name) || e.current === undefined || e.baseline === undefined) continue;
    const perUser = active.baseline ? e.baseline / active.baseline : undefined;
    const expected = perUser !== undefined && active.current !== undefined ? perUser * active.current : e.baseline;
    consider(shortfall(e, expected, e.current), `${e.name}: ${round(e.current)} against ${round(expected)} expected${perUser !== undefined ? ' for the traffic that came' : ''}`);
  }
  return worst;
}

function round(n: number, digits = 0): string {
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}

function percent(f: number): string {
  return `${(f * 100).toFixed(1)}%`;
}
