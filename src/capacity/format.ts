/** The capacity report as text (table cells, board panel lines) and as stable JSON. */
import { formatNumber } from '../output/format.js';
import { sanitize } from '../output/sanitize.js';
import { instant, span } from '../slo/format.js';
import type { CapacityReport } from './check.js';
import { runsOut, type CapacityItem } from './items.js';

/** The label values, in label order (`db-1:9100 /var/lib/pg`; JSON has the names), or why the line has no resource. */
export function resourceName(item: CapacityItem): string {
  if (item.kind === 'error budget' && item.labels.slo) return sanitize(item.labels.slo, { maxLength: 200 });
  const labels = Object.entries(item.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v)
    .join(' ');
  if (item.status === 'not found' || (item.status === 'failed' && !labels)) return `(${item.note ?? item.status})`;
  return sanitize(labels || '(no labels)', { maxLength: 200 });
}

/** A share as a percentage, a backlog as a count. */
export function usedText(item: CapacityItem): string {
  if (item.used === null) return '—';
  return item.kind === 'queue' ? formatNumber(item.used) : `${trim(item.used * 100)}%`;
}

export function trendText(item: CapacityItem): string {
  if (item.trendPerDay === null) return '—';
  const v = item.trendPerDay;
  const sign = v > 0 ? '+' : '';
  return item.kind === 'queue' ? `${sign}${formatNumber(v)}/d` : `${sign}${trim(v * 100)}%/d`;
}

/** "now", "in 4d3h", or "> 30d" when not within the look-ahead; "—" for lines without estimates. */
export function whenText(ms: number | null, item: CapacityItem, at: number, lookaheadMs: number): string {
  if (!hasEstimates(item)) return '—';
  if (ms === null || ms - at > lookaheadMs) return `> ${span(lookaheadMs)}`;
  return ms <= at ? 'now' : `in ${span(roundedTo(ms - at))}`;
}

/** EARLIEST..LATEST, each as short as it goes: `3d22h..4d2h`, `now`, `>30d`; "—" for lines without estimates. */
export function rangeText(item: CapacityItem, at: number, lookaheadMs: number): string {
  if (!hasEstimates(item) || (item.earliest === null && item.latest === null)) return '—';
  const end = (ms: number | null) => (ms === null || ms - at > lookaheadMs ? `>${span(lookaheadMs)}` : ms <= at ? 'now' : span(roundedTo(ms - at)));
  const [from, to] = [end(item.earliest), end(item.latest)];
  return from === to ? from : `${from}..${to}`;
}

function hasEstimates(item: CapacityItem): boolean {
  return ['exhausted', 'runs out', 'watch', 'ok'].includes(item.status);
}

/** Hours beyond a day, minutes below it: more digits than the forecast knows would mislead. */
function roundedTo(ms: number): number {
  const unit = ms >= 86_400_000 ? 3_600_000 : 60_000;
  return Math.round(ms / unit) * unit;
}

function trim(x: number): string {
  return String(Number(x.toFixed(Math.abs(x) >= 10 ? 0 : 1)));
}

export function reportJson(report: CapacityReport) {
  return {
    at: instant(report.at),
    withinSeconds: report.withinMs / 1000,
    lookaheadSeconds: report.lookaheadMs / 1000,
    stepSeconds: report.stepMs / 1000,
    runsOut: runsOut(report.items),
    failures: report.failures,
    resources: report.items.map((i) => ({
      kind: i.kind,
      source: i.source,
      labels: i.labels,
      status: i.status,
      used: i.used,
      trendPerDay: i.trendPerDay,
      earliest: i.earliest === null ? null : instant(i.earliest),
      likely: i.likely === null ? null : instant(i.likely),
      latest: i.latest === null ? null : instant(i.latest),
      ...(i.note ? { note: i.note } : {}),
    })),
  };
}
