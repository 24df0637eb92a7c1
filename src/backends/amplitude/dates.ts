import type { AmplitudeDate, ExportHour } from './types.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A date as the Dashboard REST API wants it: "YYYYMMDD". */
export function amplitudeDate(d: AmplitudeDate): string {
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
    return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  }
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(d.trim());
  if (!m) throw new RangeError(`invalid date "${d}": expected YYYYMMDD or YYYY-MM-DD`);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** An hour as the Export API wants it: "YYYYMMDDTHH" in UTC. */
export function exportHour(t: ExportHour): string {
  if (typeof t === 'string') {
    if (!/^\d{8}T\d{2}$/.test(t.trim())) throw new RangeError(`invalid export hour "${t}": expected YYYYMMDDTHH`);
    return t.trim();
  }
  const d = typeof t === 'number' ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid export hour');
  return `${amplitudeDate(d)}T${pad(d.getUTCHours())}`;
}

const AMPLITUDE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** "2024-05-01 10:15:42.123000" (UTC, no zone) as unix ms; undefined when it is not in that form. */
export function parseAmplitudeTime(text: string): number | undefined {
  const m = AMPLITUDE_TIME.exec(text);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
}
