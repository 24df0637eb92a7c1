/**
 * Log lines written as they arrive, a page at a time, so `obs logs query` holds about one page
 * whatever the number of lines. Formats:
 * - `table`: TIME, STREAM and the whole line. `wrap` folds long lines (and each line of a
 *   multi-line entry, such as a stack trace) under the LINE column; `raw` prints the text as it is,
 *   line breaks included, and leaves folding to the terminal. Nothing is cut.
 * - `json`: one document, `{"resultType":"streams","entries":[...],"truncated",...}`, one entry per
 *   line, the summary after the last entry.
 * - `jsonl`: one `{"ts","time","labels","line"}` object per line, nothing else.
 * - `yaml`: the `json` document's fields as YAML, entries as they come.
 * - `csv`: `time,ts,stream,line`, one row per entry.
 * Text bound for a terminal (table) and CSV fields are sanitised, as in every CSV obs writes; JSON
 * and YAML carry it exactly, with the controls they leave raw written as escapes (escapeControls).
 */
import type { LogEntry, LokiStats } from '../backends/loki/types.js';
import { stringify as toYaml } from 'yaml';
import { cellWidth, unitsInCells } from './cells.js';
import { csvCell, escapeControls } from './format.js';
import { formatSeriesName } from './labels.js';
import { sanitize } from './sanitize.js';

export type LogLinesFormat = 'table' | 'json' | 'jsonl' | 'yaml' | 'csv';
export type TableMode = 'wrap' | 'raw';

export interface LogLinesSummary {
  truncated: boolean;
  warnings: string[];
  stats: LokiStats;
}

export interface LogLinesOptions {
  format: LogLinesFormat;
  /** Table only. */
  mode?: TableMode;
  /** Terminal width for `wrap`. */
  width?: number;
}

/** Writes pages of lines to `write` (which resolves once the text is taken) in one format. */
export class LogLinesWriter {
  private count = 0;
  private streamWidth = 0;
  private readonly labelsJson = new WeakMap<object, string>();

  constructor(private readonly options: LogLinesOptions, private readonly write: (text: string) => Promise<void>) {}

  async page(entries: LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    let text = '';
    switch (this.options.format) {
      case 'json':
        text = this.count === 0 ? '{"resultType":"streams","entries":[\n' : ',\n';
        text += entries.map((e) => this.jsonEntry(e)).join(',\n');
        break;
      case 'jsonl':
        text = entries.map((e) => this.jsonEntry(e)).join('\n') + '\n';
        break;
      case 'yaml':
        text = (this.count === 0 ? 'resultType: streams\nentries:\n' : '') + yamlText(entries.map((e) => ({ ts: e.ts, time: isoNs(e.ts), labels: e.labels, line: e.line })));
        break;
      case 'csv':
        if (this.count === 0) text = 'time,ts,stream,line\n';
        text += entries.map((e) => [isoNs(e.ts), e.ts, formatSeriesName(e.labels), e.line].map(csvCell).join(',')).join('\n') + '\n';
        break;
      default:
        text = this.tableRows(entries);
    }
    this.count += entries.length;
    await this.write(text);
  }

  /** Ends the output: the JSON or YAML document's summary; nothing otherwise. */
  async end(summary: LogLinesSummary): Promise<void> {
    if (this.options.format === 'json') {
      const head = this.count === 0 ? '{"resultType":"streams","entries":[' : '\n';
      await this.write(`${head}],"truncated":${summary.truncated},"warnings":${escapeControls(JSON.stringify(summary.warnings))},"stats":${JSON.stringify(summary.stats)}}\n`);
    } else if (this.options.format === 'yaml') {
      await this.write((this.count === 0 ? 'resultType: streams\nentries: []\n' : '') + yamlText({ truncated: summary.truncated, warnings: summary.warnings, stats: summary.stats }));
    }
  }

  private jsonEntry(e: LogEntry): string {
    let labels = this.labelsJson.get(e.labels);
    if (labels === undefined) this.labelsJson.set(e.labels, (labels = escapeControls(JSON.stringify(e.labels))));
    return `{"ts":"${e.ts}","time":"${isoNs(e.ts)}","labels":${labels},"line":${escapeControls(JSON.stringify(e.line))}}`;
  }

  private tableRows(entries: LogEntry[]): string {
    // The STREAM column is as wide as the first page needs (pages after it cannot be seen yet).
    if (this.count === 0) this.streamWidth = Math.max(6, ...entries.map((e) => cellWidth(streamName(e.labels))));
    const indent = 24 + 1 + this.streamWidth + 1;
    let out = this.count === 0 ? `${'TIME'.padEnd(24)} ${'STREAM'.padEnd(this.streamWidth)} LINE\n` : '';
    const room = Math.max(20, (this.options.width ?? 120) - indent);
    for (const e of entries) {
      const stream = streamName(e.labels);
      const head = `${isoNs(e.ts)} ${stream}${' '.repeat(Math.max(0, this.streamWidth - cellWidth(stream)))} `;
      const text = sanitize(e.line, { multiline: true, maxLength: 0 });
      if (this.options.mode === 'raw') {
        out += `${head}${text}\n`;
        continue;
      }
      const rows = text.split('\n').flatMap((line) => fold(line, room));
      out += `${head}${rows[0] ?? ''}\n`;
      for (let i = 1; i < rows.length; i++) out += `${' '.repeat(indent)}${rows[i]}\n`;
    }
    return out;
  }
}

function yamlText(data: unknown): string {
  return escapeControls(toYaml(data));
}

/** The stream as a reader knows it: its service, app or job, else all its labels. */
export function streamName(labels: Record<string, string>): string {
  return sanitize(labels.service ?? labels.service_name ?? labels.app ?? labels.job ?? formatSeriesName(labels), { maxLength: 40 });
}

export function isoNs(ts: string): string {
  return new Date(Number(BigInt(ts) / 1_000_000n)).toISOString();
}

/** A line cut into pieces of at most `width` terminal cells, at spaces where it can be. */
function fold(line: string, width: number): string[] {
  if (cellWidth(line) <= width) return [line];
  const rows: string[] = [];
  let rest = line;
  for (let end = unitsInCells(rest, width); end < rest.length; end = unitsInCells(rest, width)) {
    const space = rest.lastIndexOf(' ', end);
    // A character wider than the whole row still moves on: it gets a row of its own.
    const cut = space > end / 2 ? space : end || String.fromCodePoint(rest.codePointAt(0)!).length;
    rows.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  rows.push(rest);
  return rows;
}

