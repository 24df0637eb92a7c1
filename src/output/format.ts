import type TableConstructor from 'cli-table3';
import type { stringify as yamlStringify } from 'yaml';
import { sanitize } from './sanitize.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | 'junit' | 'markdown' | 'jsonl';

type Cell = string | number | boolean | undefined | null;

export interface Column<T> {
  header: string;
  /** The cell as a person reads it in a table (rounded, relative, shortened). */
  value: (row: T) => Cell;
  /** The cell as data, for CSV: RFC3339 times, unrounded numbers, whole IDs. Defaults to `value`. */
  raw?: (row: T) => Cell;
  align?: 'left' | 'right';
  /** Never cut this column to fit the width (IDs someone will copy); other columns give way. */
  whole?: boolean;
  /** The cell shortened to `width` by the column itself, where its end is not the part to lose; else the end is cut. */
  fit?: (row: T, width: number) => Cell;
}

const renderers: { Table?: typeof TableConstructor; cellWidth?: (text: string) => number; toYaml?: typeof yamlStringify } = {};

/**
 * Load the library that a format draws with before rendering in it: tables and YAML need one each
 * (together about 60 ms to load), JSON and CSV none, so a piped `obs query` loads neither.
 */
export async function loadRenderer(format: string): Promise<void> {
  if (format === 'table') {
    renderers.Table ??= (await import('cli-table3')).default;
    renderers.cellWidth ??= (await import('./cells.js')).cellWidth;
  }
  if (format === 'yaml') renderers.toYaml ??= (await import('yaml')).stringify;
}

function renderer<K extends keyof typeof renderers>(name: K): NonNullable<(typeof renderers)[K]> {
  const loaded = renderers[name];
  if (!loaded) throw new Error(`${name} used before loadRenderer()`);
  return loaded;
}

/**
 * A text's width in terminal cells, for a table's own cells (`Column.fit`): measured as the table is,
 * so it needs `loadRenderer('table')` first, and a command that prints JSON loads no width tables.
 */
export function tableCellWidth(text: string): number {
  return renderer('cellWidth')(text);
}

/** How a table is drawn: `glyphs` maps text for the terminal (ASCII where there is no UTF-8), before the columns are measured. */
export interface TableOptions {
  width?: number;
  color?: boolean;
  glyphs?: (text: string) => string;
}

/** A table for humans; every cell is sanitised, the widest column that may be cut is cut to fit `width`. */
export function renderTable<T>(rows: T[], columns: Column<T>[], options: TableOptions = {}): string {
  const glyphs = options.glyphs ?? ((text: string) => text);
  // Columns are measured in terminal cells, as cli-table3 lays them out: a CJK name takes two a character.
  const width = renderer('cellWidth');
  const cells = rows.map((row) => columns.map((c) => glyphs(cellText(c.value(row)))));
  const headers = columns.map((c) => glyphs(c.header));
  const widths = columns.map((_, i) => Math.max(width(headers[i]), ...cells.map((r) => width(r[i]))));
  const available = (options.width ?? 200) - (columns.length * 3 + 1);
  while (widths.reduce((a, b) => a + b, 0) > available) {
    const cuttable = widths.map((w, i) => (columns[i].whole ? 0 : w));
    const widest = cuttable.indexOf(Math.max(...cuttable));
    if (cuttable[widest] <= 8) break;
    widths[widest] -= 1;
  }
  columns.forEach((c, i) => {
    if (c.fit) rows.forEach((row, r) => {
      if (width(cells[r][i]) > widths[i]) cells[r][i] = glyphs(cellText(c.fit!(row, widths[i])));
    });
  });
  const Table = renderer('Table');
  const table = new Table({
    head: headers,
    colWidths: widths.map((w) => w + 2),
    colAligns: columns.map((c) => c.align ?? 'left'),
    wordWrap: false,
    truncate: glyphs('…'),
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [], compact: true },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
  });
  table.push(...cells);
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

/** Columns for rows already shaped as JSON: one per field, named as in the JSON, the value as it is. */
export function fieldColumns<T extends object>(fields: (keyof T & string)[]): Column<T>[] {
  return fields.map((field) => ({ header: field, value: (row: T) => row[field] as Cell }));
}

export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  const line = (values: string[]) => values.map(csvCell).join(',');
  return [line(columns.map((c) => c.header)), ...rows.map((r) => line(columns.map((c) => plain((c.raw ?? c.value)(r)))))].join('\n');
}

/** One CSV field of text that may have come from outside: sanitised (line breaks kept), quoted when it must be. */
export function csvCell(text: string): string {
  return csvField(sanitize(text, { multiline: true, maxLength: 0 }));
}

/** JSON with Prometheus's spelling of NaN and infinities; indented for people, compact for pipes. */
export function renderJson(data: unknown, pretty = true): string {
  const indent = pretty ? 2 : undefined;
  return escapeControls(withoutReplacer(data, indent) ?? JSON.stringify(data, jsonReplacer, indent));
}

/**
 * JSON or YAML text with DEL and the C1 controls (U+0080-U+009F; U+009B is a CSI on many
 * terminals) written as \u escapes. Both serialisers escape C0 themselves but leave these raw;
 * they can only stand inside a JSON string or a YAML double-quoted scalar (the yaml library
 * double-quotes any string holding one), where \u00XX reads back as the same character.
 */
export function escapeControls(serialized: string): string {
  return serialized.replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/**
 * JSON.stringify without a replacer, about twice as fast as with one. It writes NaN and ±Inf as null
 * and throws on a bigint, so a document with a null in it (or a bigint) is left to the replacer.
 */
function withoutReplacer(data: unknown, indent: number | undefined): string | undefined {
  try {
    const text = JSON.stringify(data, undefined, indent);
    return text === undefined || !text.includes('null') ? text : undefined;
  } catch (e) {
    if (e instanceof TypeError) return undefined;
    throw e;
  }
}

export function renderYaml(data: unknown): string {
  return escapeControls(renderer('toYaml')(JSON.parse(JSON.stringify(data, jsonReplacer))).trimEnd());
}

/** One number as renderJson writes it, for output written piece by piece. */
export function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : JSON.stringify(jsonReplacer('', n));
}

/** JSON cannot hold NaN or ±Inf; keep Prometheus's spelling so nothing is silently lost. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function plain(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return rawNumber(v);
  return String(v);
}

function cellText(v: unknown): string {
  return sanitize(plain(v), { maxLength: 2000 });
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Render rows as the chosen format; json/yaml get `data` (the documented object), tables and csv get rows. */
export function renderOutput<T>(format: OutputFormat, rows: T[], columns: Column<T>[], data: unknown, options: TableOptions & { pretty?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return renderJson(data, options.pretty ?? true);
    case 'yaml':
      return renderYaml(data);
    case 'csv':
      return renderCsv(rows, columns);
    default:
      return renderTable(rows, columns, options);
  }
}

/** A time as data: RFC3339 in UTC with milliseconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** A number as data: unrounded, with Prometheus's spelling of NaN and infinities. */
export function rawNumber(v: number | undefined): string {
  if (v === undefined) return '';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

/**
 * A number of unknown meaning (a query result may be a timestamp or an ID) rounded for reading
 * without SI suffixes or exponents: 1796580000 -> "1796580000", 0.000123456 -> "0.000123".
 */
export function formatValue(v: number | undefined, digits = 6): string {
  if (v === undefined || !Number.isFinite(v)) return formatNumber(v);
  if (Math.abs(v) >= 10 ** digits) return Math.round(v).toString();
  return String(Number(v.toPrecision(digits)));
}

/** Short human numbers: 1234 -> "1.23k", 0.00012 -> "0.00012". For rates and counts, never for times or IDs. */
export function formatNumber(v: number | undefined, digits = 3): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toPrecision(digits)}G`;
  if (abs >= 1e6) return `${(v / 1e6).toPrecision(digits)}M`;
  if (abs >= 1e4) return `${(v / 1e3).toPrecision(digits)}k`;
  if (abs === 0) return '0';
  if (abs >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(digits)));
}

export function formatPercent(ratio: number | undefined, digits = 2): string {
  if (ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) return '—';
  if (!Number.isFinite(seconds)) return seconds > 0 ? '+Inf' : '-Inf';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${seconds.toFixed(2)}s`;
  return `${(seconds / 60).toFixed(1)}m`;
}
