/**
 * "What is new since the baseline": compares how often each pattern occurred in an incident
 * window with how often it occurred in an earlier baseline window, by rate, so windows of
 * different lengths compare fairly.
 */

export type PatternStatus = 'NEW' | 'SURGING' | 'STEADY' | 'GONE';

export interface CompareOptions {
  /** Incident rate over baseline rate from which a pattern is SURGING. Default 2. */
  surgeRatio?: number;
  /**
   * Lines beyond what the baseline rate predicts that a pattern needs before it is SURGING,
   * so that 2 lines against an expected 0.5 are not a surge. Default 3.
   */
  minExcess?: number;
  /**
   * A pattern absent from the incident window is GONE only when the baseline rate predicted at
   * least this many lines there; a rare one is STEADY. Default 1.
   */
  minExpectedGone?: number;
  /**
   * How severe each pattern is (for example LEVEL_RANK of its log level): among the NEW and
   * SURGING the more severe come first, so a new error is read before a new warning.
   */
  severity?: ReadonlyMap<string, number>;
}

export interface PatternChange {
  id: string;
  status: PatternStatus;
  incidentCount: number;
  baselineCount: number;
  /** Lines the baseline rate predicts for the incident window. */
  expected: number;
  /** Incident rate / baseline rate; null when the baseline has none (NEW). */
  ratio: number | null;
  /** How much the rate changed: |ln((incident + 1) / (expected + 1))|. */
  change: number;
}

export type Counts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** What rose (NEW, SURGING) comes first, then what fell away, then the rest. */
const STATUS_ORDER: Record<PatternStatus, number> = { NEW: 0, SURGING: 0, GONE: 1, STEADY: 2 };

/**
 * Classifies every pattern seen in either window, and orders them for an on-call engineer to read
 * from the top: what rose (NEW and SURGING together), then GONE, then STEADY; within each, the
 * more severe first (when `severity` is given, for what rose), then by how much the rate changed,
 * by incident count and by id. So a pattern that appeared with 40 lines, or one that went from 1
 * to 120, comes before one new line.
 */
export function comparePatterns(
  incident: Counts,
  baseline: Counts,
  windows: { incidentMs: number; baselineMs: number },
  options: CompareOptions = {},
): PatternChange[] {
  const { incidentMs, baselineMs } = windows;
  if (!(incidentMs > 0) || !(baselineMs > 0)) throw new Error('window lengths must be positive');
  const surgeRatio = options.surgeRatio ?? 2;
  const minExcess = options.minExcess ?? 3;
  const minExpectedGone = options.minExpectedGone ?? 1;
  const inc = toMap(incident);
  const base = toMap(baseline);
  const ids = new Set([...inc.keys(), ...base.keys()]);
  const changes: PatternChange[] = [];
  for (const id of ids) {
    const incidentCount = inc.get(id) ?? 0;
    const baselineCount = base.get(id) ?? 0;
    if (incidentCount === 0 && baselineCount === 0) continue;
    const expected = (baselineCount * incidentMs) / baselineMs;
    const ratio = baselineCount === 0 ? null : incidentCount / expected;
    let status: PatternStatus;
    if (baselineCount === 0) status = 'NEW';
    else if (incidentCount === 0) status = expected >= minExpectedGone ? 'GONE' : 'STEADY';
    else if (ratio! >= surgeRatio && incidentCount - expected >= minExcess) status = 'SURGING';
    else status = 'STEADY';
    const change = Math.abs(Math.log((incidentCount + 1) / (expected + 1)));
    changes.push({ id, status, incidentCount, baselineCount, expected, ratio, change });
  }
  const severity = options.severity;
  const rank = (c: PatternChange): number => (severity && STATUS_ORDER[c.status] === 0 ? (severity.get(c.id) ?? 0) : 0);
  return changes.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      rank(b) - rank(a) ||
      b.change - a.change ||
      b.incidentCount - a.incidentCount ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function toMap(counts: Counts): ReadonlyMap<string, number> {
  return counts instanceof Map ? counts : new Map(Object.entries(counts as Record<string, number>));
}
