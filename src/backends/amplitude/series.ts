import type { AmplitudeSeries, SeriesLabel, SeriesResult } from './types.js';

/** The `data` of a Dashboard REST chart answer (segmentation, users, realtime). */
export interface RawSeriesData {
  xValues?: unknown[];
  series?: unknown[];
  seriesLabels?: unknown[];
  seriesCollapsed?: unknown[];
  seriesMeta?: unknown[];
}

/**
 * Normalise a chart answer: one entry per series with a readable label, values padded or cut to
 * the length of `xValues` (Amplitude's series can be shorter or longer), and the range total.
 * `defaultLabel` names a series that Amplitude labels only by index (e.g. the event name).
 */
export function toSeriesResult(data: RawSeriesData | undefined, defaultLabel: string): SeriesResult {
  const xValues = (data?.xValues ?? []).map(String);
  const rows = data?.series ?? [];
  const series = rows.map((row, i): AmplitudeSeries => {
    const raw = asLabel(data?.seriesLabels?.[i]) ?? asLabel(data?.seriesMeta?.[i]);
    const values = xValues.map((_, j) => asNumber(Array.isArray(row) ? row[j] : undefined));
    const entry: AmplitudeSeries = { label: labelText(raw, i, rows.length, defaultLabel), values };
    if (raw !== undefined) entry.raw = raw;
    const total = collapsedTotal(data?.seriesCollapsed?.[i]);
    if (total !== undefined) entry.total = total;
    return entry;
  });
  return { xValues, series };
}

function asLabel(v: unknown): SeriesLabel | undefined {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x): x is number | string => typeof x === 'number' || typeof x === 'string');
  // seriesMeta entries: {segmentIndex: 0} or a label under some key.
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.label === 'string') return o.label;
    if (typeof o.segmentIndex === 'number') return o.segmentIndex;
  }
  return undefined;
}

function labelText(raw: SeriesLabel | undefined, index: number, count: number, fallback: string): string {
  const text = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.filter((x) => typeof x === 'string').join(' / ') : '';
  if (text) return text;
  return count > 1 ? `${fallback} #${index + 1}` : fallback;
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Some metrics send {setId, value} cells.
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  return null;
}

function collapsedTotal(v: unknown): number | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  const n = asNumber(first);
  return n === null ? undefined : n;
}
