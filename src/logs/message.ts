/**
 * The message of a log line, which is what patterns are mined from, and the attributes around
 * it: a JSON object's or a logfmt line's message field (the other fields are attributes), or
 * the text after a plain line's header (see header.ts). A JSON or logfmt line without a message
 * field is mined whole, as its `key=value` fields.
 */
import { readHeader } from './header.js';
import { jsonObjectOf } from './json-line.js';
import { type LogLevel, normalizeLevel } from './level.js';

export interface LineMessage {
  /** What is mined. */
  text: string;
  level?: LogLevel;
  /** Logger, program or component. */
  component?: string;
}

/**
 * Where a line's message is, without cutting it out: `source` from `start` on. The miner reads
 * the message in place, because a string cut from another is slower to read character by
 * character than the line it came from.
 */
export interface MessageSpan {
  source: string;
  start: number;
  level?: LogLevel;
  component?: string;
}

/** Message fields, in order: most loggers, Docker's json-file, journald. */
export const MESSAGE_FIELDS: readonly string[] = ['message', 'msg', 'log', 'MESSAGE'];
const LEVEL_FIELDS = ['level', 'lvl', 'severity', 'levelname', 'loglevel', 'log.level', 'detected_level', 'PRIORITY'];
const COMPONENT_FIELDS = ['logger', 'logger_name', 'component', 'module', 'caller', 'SYSLOG_IDENTIFIER'];

/** The message and attributes of one line. */
export function messageOf(line: string): LineMessage {
  const span = messageSpan(line);
  const out: LineMessage = { text: span.start === 0 ? span.source : span.source.slice(span.start) };
  if (span.level) out.level = span.level;
  if (span.component) out.component = span.component;
  return out;
}

/** messageOf, with the message left in place. */
export function messageSpan(line: string): MessageSpan {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  const first = line.charCodeAt(i);
  if (first === 123 /* { */) {
    const json = jsonMessage(line);
    if (json) return json;
  } else if (isKeyStart(first)) {
    const logfmt = logfmtMessage(line, i);
    if (logfmt) return logfmt;
  }
  return plainMessage(line);
}

function plainMessage(line: string): MessageSpan {
  const header = readHeader(line);
  const out: MessageSpan = { source: line, start: header.messageStart };
  if (header.level) out.level = header.level;
  if (header.component) out.component = header.component;
  return out;
}

/** A message field's text, read again for the header a shipper kept (`{"log":"2024-05-01 ... INFO ..."}`). */
function fromFields(message: string | undefined, level: string | undefined, component: string | undefined): MessageSpan {
  const out: MessageSpan = message === undefined ? { source: '', start: 0 } : plainMessage(withoutLineEnd(message));
  const lvl = normalizeLevel(level) ?? out.level;
  if (lvl) out.level = lvl;
  const comp = component ?? out.component;
  if (comp) out.component = comp;
  return out;
}

/** A message field's text without the line end a shipper kept (`"log":"GET / 200\n"`). */
export function withoutLineEnd(text: string): string {
  if (text.charCodeAt(text.length - 1) !== 10 /* \n */) return text;
  return text.slice(0, text.charCodeAt(text.length - 2) === 13 /* \r */ ? -2 : -1);
}

function jsonMessage(line: string): MessageSpan | undefined {
  const object = jsonObjectOf(line);
  if (!object) return undefined;
  const field = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const v = lookup(object, name);
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
    return undefined;
  };
  const message = field(MESSAGE_FIELDS);
  if (message === undefined) return { source: flatten(object), start: 0 };
  return fromFields(message, field(LEVEL_FIELDS), field(COMPONENT_FIELDS));
}

/** A field by name, or by a dotted path into nested objects. */
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

/** A JSON object without a message field, as `key=value` text (nested keys joined with dots). */
function flatten(object: Record<string, unknown>, prefix = '', out: string[] = []): string {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, name + '.', out);
    else if (typeof value === 'string') out.push(`${name}=${value === '' || /[\s"]/.test(value) ? JSON.stringify(value) : value}`);
    else out.push(`${name}=${JSON.stringify(value)}`);
  }
  return out.join(' ');
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/**
 * A logfmt line (`ts=... level=info msg="request served" route=/cart`): every token a key=value
 * pair, one of them the message. Anything else is not logfmt.
 */
function logfmtMessage(line: string, start: number): MessageSpan | undefined {
  // The first token must be key=value: a look at its first characters decides most lines.
  let eq = start;
  while (eq < line.length && eq - start <= 40 && line.charCodeAt(eq) > 32 && line.charCodeAt(eq) !== 61 /* = */) eq++;
  if (line.charCodeAt(eq) !== 61) return undefined;
  const fields = new Map<string, string>();
  let i = start;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    let k = i;
    while (k < n && line.charCodeAt(k) !== 61 /* = */ && line.charCodeAt(k) > 32) k++;
    if (k >= n || line.charCodeAt(k) !== 61 || k === i) return undefined;
    const key = line.slice(i, k);
    let v = k + 1;
    let value: string;
    if (line.charCodeAt(v) === 34 /* " */) {
      // Up to the closing quote; a backslash takes the character after it as it is.
      let e = v + 1;
      let from = e;
      let text = '';
      while (e < n && line.charCodeAt(e) !== 34) {
        if (line.charCodeAt(e) === 92 /* \ */ && e + 1 < n) {
          text += line.slice(from, e);
          from = e + 1;
          e += 2;
        } else e++;
      }
      if (e >= n) return undefined;
      value = text + line.slice(from, e);
      v = e + 1;
    } else {
      let e = v;
      while (e < n && line.charCodeAt(e) > 32) e++;
      value = line.slice(v, e);
      v = e;
    }
    fields.set(key, value);
    i = v;
  }
  const pick = (names: readonly string[]): string | undefined => {
    for (const name of names) if (fields.has(name)) return fields.get(name);
    return undefined;
  };
  const message = pick(MESSAGE_FIELDS);
  if (message === undefined || fields.size < 2) return undefined;
  return fromFields(message, pick(LEVEL_FIELDS), pick(COMPONENT_FIELDS));
}
