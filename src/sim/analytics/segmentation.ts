/**
 * Amplitude's Dashboard REST computations over product events: event segmentation (uniques, totals, average,
 * % of DAU, with filters, segments and group-bys), active and new users, and realtime active users.
 */
import { DAY_MS, type ProductEvent } from './events.js';
import { propertyOf, type PropValue } from './properties.js';

export interface PropFilter {
  type: string;
  key: string;
  op: string;
  values: string[];
}

export interface SegmentationSpec {
  eventType: string;
  filters: PropFilter[];
  groupBy: { type: string; key: string }[];
  metric: 'uniques' | 'totals' | 'average' | 'pct_dau';
  /** bucket starts (unix ms), ascending, plus the end of the last bucket */
  edges: number[];
  limit: number;
}

export interface SeriesData {
  series: number[][];
  seriesLabels: (number | (number | string)[])[];
  seriesCollapsed: { setId: string; value: number }[][];
  xValues: string[];
}

export const FILTER_OPS = ['is', 'is not', 'contains', 'does not contain', 'less', 'less or equal', 'greater', 'greater or equal', 'set is', 'set is not'];

export function matchesFilter(value: PropValue | undefined, f: PropFilter): boolean {
  const text = value === undefined ? '(none)' : String(value);
  const n = Number(value);
  switch (f.op) {
    case 'is':
    case 'set is':
      return f.values.includes(text);
    case 'is not':
    case 'set is not':
      return !f.values.includes(text);
    case 'contains':
      return f.values.some((v) => text.toLowerCase().includes(v.toLowerCase()));
    case 'does not contain':
      return !f.values.some((v) => text.toLowerCase().includes(v.toLowerCase()));
    case 'less':
      return n < Number(f.values[0]);
    case 'less or equal':
      return n <= Number(f.values[0]);
    case 'greater':
      return n > Number(f.values[0]);
    case 'greater or equal':
      return n >= Number(f.values[0]);
    default:
      return false;
  }
}

function bucketOf(edges: number[], ts: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  if (ts < edges[0] || ts >= edges[hi]) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= ts) lo = mid;
    else hi = mid;
  }
  return lo;
}

function isEventOf(e: ProductEvent, eventType: string): boolean {
  return eventType === '_active' || eventType === '_all' || e.type === eventType;
}

/** Series per group (without group-by: one series), most active first, at most `limit`. */
export function segment(events: Iterable<ProductEvent>, spec: SegmentationSpec): Omit<SeriesData, 'xValues'> {
  const n = spec.edges.length - 1;
  const groups = new Map<string, { totals: Float64Array; users: Set<number>[]; all: Set<number>; count: number }>();
  const active: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (const e of events) {
    const b = bucketOf(spec.edges, e.tsMs);
    if (b < 0) continue;
    active[b].add(e.user.index);
    if (!isEventOf(e, spec.eventType) || !spec.filters.every((f) => matchesFilter(propertyOf(e, f.type, f.key), f))) continue;
    const key = spec.groupBy.map((g) => String(propertyOf(e, g.type, g.key) ?? '(none)')).join('; ');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { totals: new Float64Array(n), users: Array.from({ length: n }, () => new Set()), all: new Set(), count: 0 }));
    g.totals[b]++;
    g.users[b].add(e.user.index);
    g.all.add(e.user.index);
    g.count++;
  }
  if (spec.groupBy.length === 0 && groups.size === 0) {
    groups.set('', { totals: new Float64Array(n), users: Array.from({ length: n }, () => new Set()), all: new Set(), count: 0 });
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, spec.limit);
  const value = (totals: number, uniques: number, b: number): number => {
    switch (spec.metric) {
      case 'totals': return totals;
      case 'uniques': return uniques;
      case 'average': return uniques > 0 ? Math.round((totals / uniques) * 100) / 100 : 0;
      case 'pct_dau': return b >= 0 && active[b].size > 0 ? Math.round((uniques / active[b].size) * 10_000) / 100 : 0;
    }
  };
  const allActive = new Set<number>();
  for (const s of active) for (const u of s) allActive.add(u);
  return {
    series: ranked.map(([, g]) => Array.from({ length: n }, (_, b) => value(g.totals[b], g.users[b].size, b))),
    seriesLabels: ranked.map(([key]) => (spec.groupBy.length > 0 ? [0, key] : 0)),
    seriesCollapsed: ranked.map(([, g]) => {
      const total = g.totals.reduce((a, v) => a + v, 0);
      const collapsed = spec.metric === 'totals' ? total
        : spec.metric === 'average' ? (g.all.size > 0 ? Math.round((total / g.all.size) * 100) / 100 : 0)
        : spec.metric === 'pct_dau' ? (allActive.size > 0 ? Math.round((g.all.size / allActive.size) * 10_000) / 100 : 0)
        : g.all.size;
      return [{ setId: '', value: collapsed }];
    }),
  };
}

/** Active users (or new users: active on the day they joined) per bucket, optionally per value of a user property. */
export function activeUsers(
  events: Iterable<ProductEvent>,
  edges: number[],
  mode: 'active' | 'new',
  filters: PropFilter[],
  groupBy?: string,
): { group: string; values: number[] }[] {
  const groups = new Map<string, Set<number>[]>();
  for (const e of events) {
    const b = bucketOf(edges, e.tsMs);
    if (b < 0 || !filters.every((f) => matchesFilter(propertyOf(e, f.type, f.key), f))) continue;
    if (mode === 'new' && e.user.joinDay !== Math.floor(e.tsMs / DAY_MS)) continue;
    const group = groupBy ? String(propertyOf(e, 'user', groupBy) ?? '(none)') : '';
    let sets = groups.get(group);
    if (!sets) groups.set(group, (sets = Array.from({ length: edges.length - 1 }, () => new Set())));
    sets[b].add(e.user.index);
  }
  if (!groupBy && groups.size === 0) groups.set('', Array.from({ length: edges.length - 1 }, () => new Set()));
  return [...groups.entries()]
    .map(([group, sets]) => ({ group, values: sets.map((x) => x.size) }))
    .sort((a, b) => b.values.reduce((x, y) => x + y, 0) - a.values.reduce((x, y) => x + y, 0) || (a.group < b.group ? -1 : 1));
}
