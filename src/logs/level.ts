/**
 * The severity of a log line, from its stream labels or from the line itself, so that among the
 * patterns that appeared an error comes before a warning. Only the conventional spellings count:
 * a level word in upper case (`ERROR`, `[WARN]`), a lower-case one marked as a level (`[error]`,
 * `error:`), or a level field (`level=error`, JSON `"level":"error"`).
 */
import { WordSet, noLowerCase } from './word-set.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

/** Higher is more severe. */
export const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { fatal: 4, error: 3, warn: 2, info: 1, debug: 0 };

const NAMES = new Map<string, LogLevel>(Object.entries({
  fatal: 'fatal', panic: 'fatal', critical: 'fatal', crit: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal',
  error: 'error', err: 'error', severe: 'error',
  warn: 'warn', warning: 'warn',
  info: 'info', notice: 'info', information: 'info', informational: 'info',
  debug: 'debug', trace: 'debug', fine: 'debug', finer: 'debug', finest: 'debug',
} satisfies Record<string, LogLevel>));

/** Syslog / journald priorities 0..7. */
const PRIORITIES: LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl', 'loglevel', 'log_level'];
const LEVEL_KEYS = new Set([...LEVEL_LABELS, 'priority', 'severity_text', 'levelname']);
/** Level words sit near the start of a line; a later "error" is part of the message. */
const TOKENS_SCANNED = 8;

/** A level name or syslog priority as any logger writes it ("ERROR", "Warning", "3"), or undefined. */
export function normalizeLevel(text: string | number | undefined): LogLevel | undefined {
  if (text === undefined) return undefined;
  // Most level fields are written as a name in lower case ("info"): no trimming, no folding.
  const named = typeof text === 'string' ? NAMES.get(text) : undefined;
  if (named) return named;
  const s = String(text).trim().toLowerCase();
  if (/^[0-7]$/.test(s)) return PRIORITIES[Number(s)];
  return NAMES.get(s);
}

/** The level text[from, to) names, read in place (`ERROR`, `Warning`, `info`), or undefined. */
export function levelNamed(text: string, from: number, to: number): LogLevel | undefined {
  const name = NAME_SET.find(text, from, to);
  return name === undefined ? undefined : NAMES.get(name);
}

/** The level a stream's labels give (Loki: `level`, `detected_level`, ...). */
export function levelOfLabels(labels: Readonly<Record<string, string>> | undefined): LogLevel | undefined {
  if (!labels) return undefined;
  for (const key of LEVEL_LABELS) {
    const level = normalizeLevel(labels[key]);
    if (level) return level;
  }
  return undefined;
}

/** The level a line states about itself near its start, or undefined. */
export function levelOfLine(line: string): LogLevel | undefined {
  let i = 0;
  const n = line.length;
  while (i < n && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) === 123 /* { */) {
    const field = JSON_LEVEL.exec(line.slice(i, i + 400));
    if (field) return normalizeLevel(field[2]);
  }
  let tokens = 0;
  while (i < n && tokens < TOKENS_SCANNED) {
    let j = i;
    while (j < n && line.charCodeAt(j) > 32) j++;
    // Level words and level=... fields are short, and do not start with a digit.
    const first = line.charCodeAt(i);
    const level = j - i <= 24 && (first < 48 || first > 57) ? tokenLevel(line, i, j) : undefined;
    if (level) return level;
    tokens++;
    i = j;
    while (i < n && line.charCodeAt(i) <= 32) i++;
  }
  return undefined;
}

const JSON_LEVEL = new RegExp(`"(${[...LEVEL_KEYS].join('|')})"\\s*:\\s*"?([A-Za-z0-9]+)`, 'i');

const NAME_SET = new WordSet(NAMES.keys());
const KEY_SET = new WordSet(LEVEL_KEYS);

/** Longest level name ("informational") and level key ("detected_level"). */
const LONGEST_NAME = 13;
const LONGEST_KEY = 14;

/** The level the token line[s, e) states, looked at in place: most tokens are ruled out by their first two letters. */
function tokenLevel(line: string, s: number, e: number): LogLevel | undefined {
  const mayBeKey = KEY_SET.mayStart(line, s);
  if (isLetter(line.charCodeAt(s)) && !mayBeKey && !NAME_SET.mayStart(line, s)) return undefined;
  // level=error, level="warn" (a token with a = in it is no level word: the letters below rule it out)
  if (mayBeKey) {
    let eq = s;
    while (eq < e && line.charCodeAt(eq) !== 61 /* = */) eq++;
    if (eq > s && eq < e) {
      if (eq - s > LONGEST_KEY || !KEY_SET.find(line, s, eq)) return undefined;
      // the value without the quotes around it
      let a = eq + 1;
      let b = e;
      if (line.charCodeAt(a) === 34 /* " */) a++;
      if (b > a && line.charCodeAt(b - 1) === 34) b--;
      return normalizeLevel(line.slice(a, b));
    }
  }
  let a = s;
  let b = e;
  while (a < b && isOpener(line.charCodeAt(a))) a++;
  while (b > a && isCloser(line.charCodeAt(b - 1))) b--;
  if (b - a < 3 || b - a > LONGEST_NAME) return undefined;
  for (let k = a; k < b; k++) {
    const c = line.charCodeAt(k) | 32;
    if (c < 97 || c > 122) return undefined;
  }
  const name = NAME_SET.find(line, a, b);
  if (!name) return undefined;
  // Upper case is a level by convention; lower or mixed case only when bracketed or followed by a colon.
  return noLowerCase(line, a, b) || a !== s || b !== e ? NAMES.get(name) : undefined;
}

/** `[ ( <`, taken off the front of a level word. */
function isOpener(c: number): boolean {
  return c === 91 || c === 40 || c === 60;
}

/** `] ) > : , |`, taken off the end of a level word. */
function isCloser(c: number): boolean {
  return c === 93 || c === 41 || c === 62 || c === 58 || c === 44 || c === 124;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** The more severe of two levels. */
export function worseLevel(a: LogLevel | undefined, b: LogLevel | undefined): LogLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}
