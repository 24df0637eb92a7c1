import { WILDCARD, charClass, maskClassified, numericClasses } from './mask.js';

/** Units that may follow a number as a separate word: "30 seconds", "18.4 KB", "<1 sec". */
const UNITS = new Set(
  (
    'b byte bytes k kb kib m mb mib g gb gib t tb tib pb ' +
    'ns us µs μs ms s sec secs second seconds millis msec msecs millisecond milliseconds ' +
    'microsecond microseconds nanosecond nanoseconds min mins minute minutes h hr hrs hour hours ' +
    'd day days w wk week weeks'
  )
    .split(' ')
    .flatMap((u) => [u, u.toUpperCase(), u[0]!.toUpperCase() + u.slice(1), u.replace(/ib$/, 'iB')])
    .concat('kB'),
);
const LONGEST_UNIT = 12;
/** First characters of unit words (by char code, folded to 7 bits), to skip the lookup for most words. */
const UNIT_START = new Uint8Array(128);
for (const u of UNITS) UNIT_START[u.charCodeAt(0) & 127] = 1;

/** Month and weekday names, which belong to a timestamp when they stand next to a value. */
const CALENDAR = new Set(
  (
    'jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july ' +
    'august september october november december mon tue tues wed thu thur thurs fri sat sun monday ' +
    'tuesday wednesday thursday friday saturday sunday'
  )
    .split(' ')
    .flatMap((name) => [name, name.toUpperCase(), name[0]!.toUpperCase() + name.slice(1)])
    .flatMap((name) => [name, name + ',', name + '.']),
);

/** First two letters of month and day names, lower-cased: most tokens are ruled out without hashing them. */
const CALENDAR_START = new Uint8Array(128 * 128);
for (const name of CALENDAR) CALENDAR_START[calendarKey(name)] = 1;

function calendarKey(tok: string): number {
  return ((tok.charCodeAt(0) | 32) & 127) * 128 + ((tok.charCodeAt(1) | 32) & 127);
}

export const DEFAULT_MAX_TOKENS = 128;

/**
 * The text a line is mined as: the line itself, or for a JSON object its fields written as
 * `key=value` (nested keys joined with dots, strings with spaces quoted), so that a structured
 * line's message words and field values are tokens like in any other line.
 */
export function lineText(line: string): string {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 123 /* { */) return line;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return line;
  const fields: string[] = [];
  flatten(value as Record<string, unknown>, '', fields);
  return fields.join(' ');
}

function flatten(object: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, name + '.', out);
    } else if (typeof value === 'string') {
      out.push(`${name}=${value === '' || /[\s"]/.test(value) ? JSON.stringify(value) : value}`);
    } else out.push(`${name}=${JSON.stringify(value)}`);
  }
}

/**
 * Splits a line (see lineText) on whitespace and masks each token. Then, so that lists and
 * optional values do not change the shape of a line: a number followed by a unit word becomes
 * one value, month and day names next to a value join it, and a run of values (`<*> <*>`,
 * `blk_<*> blk_<*>`) becomes one. Past `maxTokens` tokens the rest of the line is one value.
 */
export function tokenize(text: string, maxTokens = DEFAULT_MAX_TOKENS): string[] {
  const line = lineText(text);
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  let afterValue = false; // the last token is a value a unit word may follow
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    if (out.length >= maxTokens) {
      if (out[out.length - 1] !== WILDCARD) out.push(WILDCARD);
      break;
    }
    let classes = 0;
    let j = i;
    for (let c = line.charCodeAt(j); j < n && c > 32; c = line.charCodeAt(++j)) classes |= charClass(c);
    // digits and number punctuation only, ending in a digit: a value as a whole
    const last = line.charCodeAt(j - 1);
    const raw = numericClasses(classes) && last >= 48 && last <= 57 ? WILDCARD : line.slice(i, j);
    let tok = raw === WILDCARD ? raw : maskClassified(raw, classes);
    const start = i;
    i = j;
    const previous = out.length - 1;
    if (afterValue && tok === raw && j - start <= LONGEST_UNIT + 3 && UNIT_START[raw.charCodeAt(0) & 127] === 1) {
      // "30 seconds." -> "<*>.", "(18.4 KB)" -> "(<*>)"
      const unit = unitSuffix(raw);
      if (unit !== undefined) {
        out[previous] += unit;
        afterValue = false;
        continue;
      }
    }
    afterValue = (tok !== raw || tok === WILDCARD) && isBareValue(tok);
    if (tok === WILDCARD) {
      // month and day names next to a value are part of a timestamp: "Sun Dec 04 04:47:44 2005"
      let p = previous;
      while (p >= 0 && isCalendar(out[p]!)) out[p--] = WILDCARD;
      if (p < previous) out.length = p + 2;
    } else if (previous >= 0 && out[previous] === WILDCARD && isCalendar(tok)) tok = WILDCARD;
    if (previous >= 0 && out[out.length - 1] === tok && tok.includes(WILDCARD)) continue;
    out.push(tok);
  }
  return out;
}

/** A value with only opening brackets in front: "<*>" or "(<*>". */
function isBareValue(tok: string): boolean {
  if (tok === WILDCARD) return true;
  if (!tok.endsWith(WILDCARD)) return false;
  for (let i = 0; i < tok.length - WILDCARD.length; i++) {
    const c = tok.charCodeAt(i);
    if (c !== 40 /* ( */ && c !== 91 /* [ */ && c !== 123 /* { */) return false;
  }
  return true;
}

/** If the token is a unit word, the punctuation that follows it ("seconds." -> "."). */
function unitSuffix(tok: string): string | undefined {
  if (UNITS.has(tok)) return '';
  let e = tok.length;
  while (e > 0 && ').,;:]}!?'.includes(tok[e - 1]!)) e--;
  if (e === tok.length || e === 0) return undefined;
  let word = tok.slice(0, e);
  // "second(s)" lost its ")" above
  const plural = word.endsWith('(s');
  if (plural) word = word.slice(0, -2);
  if (!UNITS.has(word)) return undefined;
  return tok.slice(plural ? e + 1 : e);
}

/** A month or weekday name, maybe with a comma or dot after it. */
function isCalendar(tok: string): boolean {
  return tok.length >= 3 && tok.length <= 10 && CALENDAR_START[calendarKey(tok)] === 1 && CALENDAR.has(tok);
}
