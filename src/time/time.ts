/**
 * One time grammar for every command:
 *   durations  "500ms", "30s", "5m", "1h30m", "2d", "1w", "1y", or a number of seconds ("90", "0.5")
 *   instants   "now", "now-2h", "now+5m", RFC3339 ("2024-05-01T10:00:00Z"), unix seconds ("1714557600")
 * Times are unix milliseconds internally. A date or time written without a zone
 * ("2024-05-01 10:00", "2024-05-01T10:00:00") is UTC, as obs prints every time in UTC.
 */

export class TimeSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeSyntaxError';
  }
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/y;

/** Parse a duration into milliseconds. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  let total = 0;
  let pos = 0;
  DURATION_PART.lastIndex = 0;
  while (pos < s.length) {
    DURATION_PART.lastIndex = pos;
    const m = DURATION_PART.exec(s);
    if (!m) throw new TimeSyntaxError(`invalid duration "${text}": expected e.g. 30s, 5m, 1h30m, 2d`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = DURATION_PART.lastIndex;
  }
  if (s.length === 0) throw new TimeSyntaxError('empty duration');
  return Math.round(total);
}

/** Format milliseconds as the shortest duration string Prometheus accepts, e.g. 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

/** Unix milliseconds as RFC3339 in UTC, e.g. 2026-12-08T05:07:00.000Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parse an instant into unix milliseconds, relative to `now`. */
export function parseTime(text: string, now: number = Date.now()): number {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = /^now\s*([+-])\s*(.+)$/.exec(s);
  if (rel) {
    const d = parseDuration(rel[2]);
    return rel[1] === '-' ? now - d : now + d;
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    // 13 digits are milliseconds, 19 are nanoseconds; 10 or fewer are seconds.
    if (/^\d{19}$/.test(s)) return Math.floor(n / 1e6);
    if (/^\d{13}$/.test(s)) return n;
    return Math.round(n * 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(hasZone(s) ? s : `${s.replace(' ', 'T')}${s.length > 10 ? 'Z' : ''}`);
    if (!Number.isNaN(t)) return t;
  }
  throw new TimeSyntaxError(`invalid time "${text}": expected now, now-2h, RFC3339 or unix seconds`);
}

/** Does an ISO date-time end in Z or a ±hh:mm / ±hhmm offset? */
function hasZone(s: string): boolean {
  return /(?:z|[+-]\d{2}:?\d{2})$/i.test(s.slice(10));
}

export interface TimeFlags {
  since?: string;
  from?: string;
  to?: string;
  at?: string;
}

export interface TimeRange {
  start: number;
  end: number;
}

/** Resolve --since / --from / --to into a range; `defaultSince` applies when none is given. */
export function resolveRange(flags: TimeFlags, defaultSince = '1h', now: number = Date.now()): TimeRange {
  if (flags.since !== undefined && flags.from !== undefined) throw new TimeSyntaxError('--since and --from both set the start of the range: give --since, or --from (with --to)');
  const end = flags.to ? parseTime(flags.to, now) : flags.at ? parseTime(flags.at, now) : now;
  const start = flags.from ? parseTime(flags.from, now) : end - parseDuration(flags.since ?? defaultSince);
  if (start >= end) throw new TimeSyntaxError('the start of the range must be before its end');
  return { start, end };
}

/**
 * A step for a range query: about `points` points, never more than `maxPoints` (Prometheus
 * rejects more than 11,000 per series), never below `minStepMs`, rounded to whole seconds.
 */
export function chooseStep(range: TimeRange, points = 240, minStepMs = 1000, maxPoints = 11_000): number {
  const span = range.end - range.start;
  const step = Math.max(Math.ceil(span / points), Math.ceil(span / maxPoints), minStepMs);
  return Math.ceil(step / 1000) * 1000;
}
