/** One line of the capacity report, and how it is judged against the `--within` horizon. */

export type ItemKind = 'disk' | 'memory' | 'connections' | 'queue' | 'error budget';

/**
 * - `exhausted`: already at its limit (a full disk, a spent budget);
 * - `runs out`: likely to reach it within the horizon (fails the check);
 * - `watch`: the earliest estimate falls within the horizon, the likely one after it;
 * - `ok`: not within the horizon even at the earliest;
 * - `no limit`: a backlog, reported for its trend only;
 * - `no data`: the resource exists but has no values to judge (an SLO without traffic);
 * - `not found`: no exporter of this kind answered (never taken as healthy);
 * - `failed`: the backend could not answer.
 */
export type ItemStatus = 'exhausted' | 'runs out' | 'watch' | 'ok' | 'no limit' | 'no data' | 'not found' | 'failed';

export interface CapacityItem {
  kind: ItemKind;
  /** The exporter convention or, for a budget, the spec file:line. */
  source: string;
  /** The resource's labels (for a budget: slo and service). */
  labels: Record<string, string>;
  /** Share in use now (0..1; a budget's share consumed), or a queue's backlog; null when unknown. */
  used: number | null;
  /** Change of `used` per day; null when unknown. */
  trendPerDay: number | null;
  /** When it runs out, unix ms; null when not within the look-ahead (or never). */
  earliest: number | null;
  likely: number | null;
  latest: number | null;
  status: ItemStatus;
  /** Why a line is not found, failed or without data. */
  note?: string;
}

/** The status of a resource with a limit, from its estimates, at `at` with horizon `withinMs`. */
export function judge(e: { used: number | null; earliest: number | null; likely: number | null }, at: number, withinMs: number): ItemStatus {
  if (e.used === null || !Number.isFinite(e.used)) return 'no data';
  if (e.used >= 1) return 'exhausted';
  if (e.likely !== null && e.likely - at <= withinMs) return 'runs out';
  if (e.earliest !== null && e.earliest - at <= withinMs) return 'watch';
  return 'ok';
}

const ORDER: ItemStatus[] = ['exhausted', 'runs out', 'watch', 'failed', 'no data', 'not found', 'ok', 'no limit'];

/** Most urgent first: by status, then the likely (else earliest) instant, then the most used. */
export function byUrgency(a: CapacityItem, b: CapacityItem): number {
  const when = (x: CapacityItem) => x.likely ?? x.earliest ?? Infinity;
  return ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || when(a) - when(b) || (b.used ?? -Infinity) - (a.used ?? -Infinity);
}

/** Whether the check fails: something is exhausted or runs out within the horizon. */
export function runsOut(items: readonly CapacityItem[]): boolean {
  return items.some((i) => i.status === 'exhausted' || i.status === 'runs out');
}
