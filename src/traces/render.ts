/**
 * Plain-text rendering of trace layouts. No colours by default; a CLI passes a `colorize` callback
 * (for instance chalk) that receives each part with its row, so it can colour services, errors and
 * the critical path without this module knowing about terminals.
 */
import { sanitize } from '../output/sanitize.js';
import type { AttributeValue, Span } from './model.js';
import { cellWidth, cutToCells, fitCells } from '../output/cells.js';
import { formatMicros } from './duration.js';
import type { WaterfallLayout, WaterfallRow } from './waterfall.js';

export type WaterfallPart =
  | 'header' | 'axis' | 'marker' | 'service' | 'operation' | 'fold' | 'bar' | 'error' | 'duration' | 'legend';

export type Colorize = (text: string, part: WaterfallPart, row?: WaterfallRow) => string;

export interface RenderOptions {
  colorize?: Colorize;
  /** Add a last line explaining the bar characters and marks. Default true. */
  legend?: boolean;
}

export const BAR_CRITICAL = '█';
export const BAR_OTHER = '▒';
export const ERROR_MARK = '✗';

const plain: Colorize = (text) => text;

/** A stable palette slot for a service, so it keeps its colour across rows and runs. */
export function serviceColorIndex(service: string, paletteSize: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) h = Math.imul(h ^ service.charCodeAt(i), 0x01000193);
  return (h >>> 0) % Math.max(1, paletteSize);
}

function axisLine(layout: WaterfallLayout): string {
  const cols = layout.barColumns;
  const cells = Array<string>(cols).fill(' ');
  const place = (text: string, at: number) => {
    const start = Math.max(0, Math.min(cols - text.length, at));
    if (cells.slice(Math.max(0, start - 1), start + text.length + 1).some((c) => c !== ' ')) return;
    for (let i = 0; i < text.length; i++) cells[start + i] = text[i]!;
  };
  place('0', 0);
  place(formatMicros(layout.durationUs), cols);
  const mid = formatMicros(layout.durationUs / 2);
  place(mid, Math.floor(cols / 2 - mid.length / 2));
  return cells.join('');
}

function rowLine(layout: WaterfallLayout, row: WaterfallRow, c: Colorize): string {
  const fold = row.hiddenSpans > 0 ? ` (+${row.hiddenSpans})` : '';
  const labelPlain = `${' '.repeat(row.indent)}${row.marker} ${row.service} ${row.operation}${fold}`;
  const pad = ' '.repeat(Math.max(0, layout.labelWidth - cellWidth(row.label)));
  // The label was fitted in layout; colour its parts only when it was not cut further.
  const label =
    labelPlain === row.label
      ? ' '.repeat(row.indent) + c(row.marker, 'marker', row) + ' ' + c(row.service, 'service', row) + ' ' +
        c(row.operation, 'operation', row) + (fold ? c(fold, 'fold', row) : '')
      : c(row.label, 'operation', row);
  const bar =
    ' '.repeat(row.barStart) +
    c((row.critical ? BAR_CRITICAL : BAR_OTHER).repeat(row.barWidth), 'bar', row) +
    ' '.repeat(layout.barColumns - row.barStart - row.barWidth);
  const duration = formatMicros(row.durationUs).padStart(layout.durationWidth - 2);
  const mark = row.error ? c(ERROR_MARK, 'error', row) : ' ';
  return `${label}${pad} ${bar} ${mark} ${c(duration, 'duration', row)}`;
}

/** The waterfall as lines of text, each exactly `layout.width` columns wide before colouring. */
export function renderWaterfall(layout: WaterfallLayout, options: RenderOptions = {}): string[] {
  const c = options.colorize ?? plain;
  const errors = layout.errorSpans > 0 ? `, ${layout.errorSpans} ${ERROR_MARK}` : '';
  // A 32-digit trace id is shortened before the span count is: "4bf92f35… 5 spans" says more than the whole id.
  const counts = ` ${layout.totalSpans} spans${errors}`;
  const title = fitCells(sanitize(layout.traceId, { maxLength: Math.max(9, Math.min(64, layout.labelWidth - cellWidth(counts))) }) + counts, layout.labelWidth);
  const total = 'duration'.padStart(layout.durationWidth);
  const lines = [`${c(title, 'header')} ${c(axisLine(layout), 'axis')} ${c(total, 'header')}`];
  for (const row of layout.rows) lines.push(rowLine(layout, row, c));
  if (options.legend ?? true) {
    const legend = `${BAR_CRITICAL} critical path  ${BAR_OTHER} other span  ${ERROR_MARK} error  ▸ folded (+hidden spans)`;
    lines.push(c(cutToCells(legend, layout.width), 'legend'));
  }
  return lines;
}

function formatValue(v: AttributeValue): string {
  return sanitize(typeof v === 'string' ? v : String(v), { maxLength: 1000 });
}

/**
 * The attributes and events of one span, for "show details" in the CLI and the TUI. Times are
 * relative to `traceStartUs` when given. Every outside string is sanitised and cut to `width`.
 */
export function renderSpanDetails(span: Span, options: { width?: number; traceStartUs?: number } = {}): string[] {
  const width = options.width ?? 100;
  const fit = (s: string) => cutToCells(s, width);
  const at = (us: number) =>
    options.traceStartUs === undefined ? String(us) : `+${formatMicros(us - options.traceStartUs)}`;
  const status = span.status + (span.statusMessage ? `: ${sanitize(span.statusMessage, { maxLength: 500 })}` : '');
  const lines = [
    fit(`${sanitize(span.service, { maxLength: 200 })} ${sanitize(span.operation, { maxLength: 500 })}`),
    fit(`  span ${sanitize(span.spanId, { maxLength: 64 })}  parent ${sanitize(span.parentSpanId ?? '-', { maxLength: 64 })}${span.followsFrom ? ' (follows from)' : ''}  kind ${span.kind}  status ${status}`),
    fit(`  start ${at(span.startUs)}  duration ${formatMicros(span.durationUs)}`),
  ];
  const attributes = Object.keys(span.attributes).sort();
  if (attributes.length > 0) {
    lines.push('  attributes:');
    for (const key of attributes) lines.push(fit(`    ${sanitize(key, { maxLength: 200 })} = ${formatValue(span.attributes[key]!)}`));
  }
  if (span.events.length > 0) {
    lines.push('  events:');
    for (const event of span.events) {
      const attrs = Object.entries(event.attributes)
        .map(([k, v]) => `${sanitize(k, { maxLength: 200 })}=${formatValue(v)}`)
        .join(' ');
      lines.push(fit(`    ${at(event.timeUs)} ${sanitize(event.name, { maxLength: 500 })}${attrs ? `  ${attrs}` : ''}`));
    }
  }
  return lines;
}
