/**
 * Lines read from a file or standard input for offline pattern mining: plain text, or JSON lines
 * whose message sits in a field, as `kubectl logs`, `docker logs`, `journalctl -o json` and JSON
 * loggers (zap, logrus, bunyan, pino, structlog) write them. Pure: the caller reads the bytes.
 */
import { type LogLevel, levelOfLine, normalizeLevel } from './level.js';
import { jsonObjectOf } from './json-line.js';
import { MESSAGE_FIELDS, withoutLineEnd } from './message.js';
import { STAMP, stampTime } from './stamp-time.js';
import type { LogEntry } from './report.js';

/** Message fields tried in order when none is named: most loggers, Docker's json-file, journald. */
export const DEFAULT_MESSAGE_FIELDS: readonly string[] = MESSAGE_FIELDS;
const TIME_FIELDS = ['__REALTIME_TIMESTAMP', 'timestamp', '@timestamp', 'time', 'ts', 'Timestamp', 'date', 't'];
const LEVEL_FIELDS = ['level', 'lvl', 'severity', 'levelname', 'loglevel', 'log.level', 'PRIORITY', 'detected_level'];
/** `kubectl logs --timestamps`, `docker logs -t`: an RFC3339 time, a space, the line. */
const ADDED_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}))\s/;
/** A line's own time at its start: `2024-05-01 10:00:00,123 ...`, `ts=2024-05-01T10:00:00Z ...`. */
const OWN_TIME = /^(?:(?:ts|time|timestamp|t)=)?"?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)[\s"]/;

export interface InputLine {
  /** What is mined: the message field of a JSON line, else the line. */
  message: string;
  /** Unix ms, when the line carries a time. */
  time?: number;
  level?: LogLevel;
}

export interface InputOptions {
  /** The JSON field holding the message (dots reach into objects: `log.message`). */
  messageField?: string;
}

/**
 * One input line. A JSON object gives its message field when one is named (else the whole line,
 * whose message field the miner reads: see message.ts; a journald message written as bytes is
 * decoded here),
 * its time and its level. A plain line's time is the RFC3339 time `kubectl logs --timestamps`
 * puts in front (taken off the message), else a date and time it starts with (`2024-05-01
 * 10:00:00`, `ts=2024-05-01T10:00:00Z`; without a zone, local time).
 */
export function parseInputLine(raw: string, options: InputOptions = {}): InputLine {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const object = jsonObjectOf(text);
  if (!object) {
    const added = isDigit(text.charCodeAt(0)) && text.charCodeAt(10) === 84 /* T */ ? ADDED_TIME.exec(text) : null;
    const message = added ? text.slice(added[0].length) : text;
    const own = added ?? (mayStartWithTime(message.charCodeAt(0)) ? OWN_TIME.exec(message) : null);
    const time = own ? stampTime(own[1]!) : NaN;
    const line: InputLine = { message };
    if (!Number.isNaN(time)) line.time = time;
    return withLevel(line, levelOfLine(message));
  }
  const fields = options.messageField !== undefined ? [options.messageField] : DEFAULT_MESSAGE_FIELDS;
  let message: string | undefined;
  let field: unknown;
  for (const name of fields) {
    field = lookup(object, name);
    message = messageText(field);
    if (message !== undefined) break;
  }
  // A line whose message field the miner finds by itself goes whole, so that its level and
  // logger fields become attributes of its pattern (see message.ts).
  const whole = options.messageField === undefined && (message === undefined || typeof field === 'string');
  const line: InputLine = { message: whole ? text : (message ?? text) };
  const time = firstTime(object);
  if (time !== undefined) line.time = time;
  return withLevel(line, firstLevel(object) ?? (message !== undefined ? levelOfLine(message) : undefined));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What OWN_TIME can start with: a digit, `t` of a time key, a quote; most lines are ruled out without the regex. */
function mayStartWithTime(c: number): boolean {
  return isDigit(c) || c === 116 /* t */ || c === 34 /* " */;
}

/**
 * Entries for reportPatterns from parsed lines: their own times where every line has one or
 * inherits one (a line without a time, such as a stack trace's, takes the time of the line
 * before it; lines before the first time take that time); when no line has a time, each line's
 * position (0, 1, 2, ...) stands in for it and `timed` is false.
 */
export function entriesOf(lines: readonly InputLine[]): { entries: LogEntry[]; timed: boolean } {
  const entries: LogEntry[] = [];
  const times = new LineTimes((l, time) => entries.push({ line: l.message, time, ...(l.level ? { level: l.level } : {}) }));
  for (const line of lines) times.push(line);
  return { entries, timed: times.end() };
}

/**
 * entriesOf for lines that arrive one at a time: each line is handed on with the time entriesOf
 * gives it, as soon as that is known. Lines before the first line with a time wait for it;
 * when no line has one, all of them wait for the end.
 */
export class LineTimes {
  private waiting: InputLine[] = [];
  /** The time the next line without one takes, once a line had a time. */
  private last?: number;

  constructor(private readonly onLine: (line: InputLine, time: number) => void) {}

  push(line: InputLine): void {
    if (this.last === undefined) {
      if (line.time === undefined) {
        this.waiting.push(line);
        return;
      }
      for (const waiting of this.waiting) this.onLine(waiting, line.time);
      this.waiting = [];
    }
    if (line.time !== undefined) this.last = line.time;
    this.onLine(line, this.last!);
  }

  /** Hands on the lines still waiting; says whether any line had a time. */
  end(): boolean {
    if (this.last !== undefined) return true;
    this.waiting.forEach((line, position) => this.onLine(line, position));
    this.waiting = [];
    return false;
  }
}

function withLevel(line: InputLine, level: LogLevel | undefined): InputLine {
  if (level) line.level = level;
  return line;
}

/** A field by name, or by a dotted path into nested objects when no field has the dotted name. */
function lookup(object: Record<string, unknown>, path: string): unknown {
  if (path in object) return object[path];
  if (!path.includes('.')) return undefined;
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return withoutLineEnd(value);
  // journald writes a message that is not valid UTF-8 as an array of bytes
  if (Array.isArray(value) && value.length > 0 && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return withoutLineEnd(Buffer.from(value as number[]).toString('utf8'));
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function firstTime(object: Record<string, unknown>): number | undefined {
  for (const field of TIME_FIELDS) {
    const value = lookup(object, field);
    if (value === undefined) continue;
    const time = field === '__REALTIME_TIMESTAMP' ? Number(value) / 1000 : toMs(value);
    if (time !== undefined && Number.isFinite(time)) return Math.floor(time);
  }
  return undefined;
}

/** RFC3339 text, or a number of seconds, ms, µs or ns since the epoch (told apart by size). */
function toMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  if (n !== undefined) {
    if (n < 1e11) return n * 1000;
    if (n < 1e14) return n;
    if (n < 1e17) return n / 1000;
    return n / 1e6;
  }
  if (typeof value !== 'string') return undefined;
  // stampTime is Date.parse for the common stamps (Date.parse takes no decimal comma)
  const stamp = STAMP.test(value) && value.charCodeAt(19) !== 44 /* , */;
  if (!stamp && !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return undefined;
  const t = stamp ? stampTime(value) : Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function firstLevel(object: Record<string, unknown>): LogLevel | undefined {
  for (const field of LEVEL_FIELDS) {
    const value = lookup(object, field);
    if (typeof value === 'string' || typeof value === 'number') {
      const level = normalizeLevel(value) ?? numericLevel(value);
      if (level) return level;
    }
  }
  return undefined;
}

/** bunyan and pino: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(value: string | number): LogLevel | undefined {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 60) return undefined;
  return (['debug', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor(n / 10) - 1];
}
