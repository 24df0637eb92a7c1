/**
 * The offline series format: a CSV with the header `timestamp,value`, one sample a row, in the
 * order the samples arrived (never sorted: a stream can repeat or step back in time).
 */

export interface SeriesRow {
  /** The timestamp exactly as written in the file. */
  timestamp: string;
  /** Milliseconds since the epoch, NaN when the text is not a time obs understands. */
  timeMs: number;
  value: number;
}

export class SeriesFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'SeriesFileError';
  }
}

/** Read the rows of a `timestamp,value` CSV; throws SeriesFileError(line, message) on the first bad row. */
export function* readSeriesCsv(text: string): Generator<SeriesRow> {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  const columns = header.split(',').map((c) => c.trim().toLowerCase());
  if (columns.length !== 2 || columns[0] !== 'timestamp' || columns[1] !== 'value') {
    throw new SeriesFileError(1, 'expected the header "timestamp,value"');
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comma = line.lastIndexOf(',');
    if (comma < 0) throw new SeriesFileError(i + 1, 'expected "timestamp,value"');
    const timestamp = line.slice(0, comma).trim();
    const valueText = line.slice(comma + 1).trim();
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) {
      throw new SeriesFileError(i + 1, `value is not a number: ${JSON.stringify(valueText.slice(0, 40))}`);
    }
    yield { timestamp, timeMs: parseTimestamp(timestamp), value };
  }
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (taken as UTC when it has no zone), RFC3339, or unix seconds. */
export function parseTimestamp(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return NaN;
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  return Date.parse(`${m[1]}T${m[2]}${fraction}${m[4] ?? 'Z'}`);
}
