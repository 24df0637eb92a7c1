import { WILDCARD, charClass, maskSpan, numericClasses } from './mask.js';
import { WordStarts } from './word-start.js';

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

const CALENDAR_START = new WordStarts(CALENDAR);

export const DEFAULT_MAX_TOKENS = 128;

/**
 * Splits a message (see message.ts) on whitespace and masks each token. A number followed by a unit
 * word becomes one token that keeps the unit (`<*> seconds`), so a template reads like the log
 * and a line without the unit still fits the same pattern; month and day names next to a value
 * join it, and a whole date (`Sun Dec 04 04:47:44 2005`) is one value. Past `maxTokens` tokens
 * the rest of the line is one value. The message may start inside the line (`from`), so that it
 * need not be cut out first.
 */
export function tokenize(line: string, maxTokens = DEFAULT_MAX_TOKENS, from = 0): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = from;
  let afterValue = false; // the last token is a value a unit word may follow
  let inDate = false; // the last token is a date that a time or year may extend
  let afterUnit = false; // the last token is a value with its unit
  let dotAfterValue = false; // the last token ends in "<*>."
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    if (out.length >= maxTokens) {
      if (out[out.length - 1] !== WILDCARD) out.push(WILDCARD);
      break;
    }
    let classes = 0;
    let j = i;
    for (; j < n; j++) {
      const c = line.charCodeAt(j);
      if (c <= 32) break;
      classes |= charClass(c);
    }
    // digits and number punctuation only, ending in a digit: a value as a whole (an address
    // with a port is two, which masking tells)
    const last = line.charCodeAt(j - 1);
    // A numeric value, or the token masked where it lies (undefined: a word, kept as it is)
    const numeric = numericClasses(classes) && last >= 48 && last <= 57;
    const masked = numeric ? numericValue(line, i, j, classes) : maskSpan(line, i, j, classes);
    // whether masking changed the token's text (a numeric value counts as unchanged)
    const changed = !numeric && masked !== undefined && (masked.length !== j - i || !line.startsWith(masked, i));
    const tok = masked ?? line.slice(i, j);
    const start = i;
    i = j;
    const previous = out.length - 1;
    if (afterValue && !changed && j - start <= LONGEST_UNIT + 3 && UNIT_START[tok.charCodeAt(0) & 127] === 1 && isUnit(tok)) {
      // "30 seconds." -> "<*> seconds.", "(18.4 KB)" -> "(<*> KB)"
      out[previous] += ' ' + tok;
      afterValue = inDate = dotAfterValue = false;
      afterUnit = true;
      continue;
    }
    if (afterUnit && changed && tok.charCodeAt(0) === 40 /* ( */ && isBareValue(tok)) {
      // "18846 bytes (18.4 KB)": the bracketed figure restates the value before it
      out[previous] += ' ' + tok;
      afterUnit = dotAfterValue = false;
      afterValue = true;
      continue;
    }
    afterUnit = false;
    afterValue = (changed || tok === WILDCARD) && isBareValue(tok);
    // "part-00000. blk_1": a dot not followed by a new sentence is the value's, not a full stop
    if (dotAfterValue && !isSentenceStart(tok)) {
      out[previous] = out[previous]!.slice(0, -1);
      dotAfterValue = false;
    }
    if (tok === WILDCARD) {
      if (inDate) continue;
      // month and day names next to a value are part of a timestamp: "Sun Dec 04 04:47:44 2005"
      let p = previous;
      while (p >= 0 && isCalendar(out[p]!)) p--;
      if (p < previous) {
        out.length = p + 1;
        inDate = true;
      }
    } else if (previous >= 0 && out[previous] === WILDCARD && isCalendar(tok)) {
      inDate = true;
      continue;
    } else inDate = false;
    out.push(tok);
    dotAfterValue = tok.charCodeAt(tok.length - 1) === 46 /* . */ && tok.endsWith(DOT_AFTER_VALUE);
  }
  return out;
}

/** The class bit only a colon has. */
const COLON_CLASS = charClass(58) & ~charClass(46);
const ADDRESS_WITH_PORT = `${WILDCARD}:${WILDCARD}`;

/** A token of digits and number punctuation: one value, or two for an address and its port. */
function numericValue(line: string, s: number, e: number, classes: number): string {
  if ((classes & COLON_CLASS) === 0) return WILDCARD;
  const colon = line.indexOf(':', s);
  if (colon < 0 || colon >= e) return WILDCARD;
  const second = line.indexOf(':', colon + 1);
  if (second >= 0 && second < e) return WILDCARD; // a time, 10:04:05
  return line.lastIndexOf('.', colon) > s ? ADDRESS_WITH_PORT : WILDCARD;
}
const DOT_AFTER_VALUE = WILDCARD + '.';

/** A word that may start a sentence: a capital letter first. */
function isSentenceStart(tok: string): boolean {
  const c = tok.charCodeAt(0);
  return c >= 65 && c <= 90;
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

/** A unit word, maybe with punctuation after it ("seconds.", "second(s)", "KB)"). */
function isUnit(tok: string): boolean {
  if (UNITS.has(tok)) return true;
  let e = tok.length;
  while (e > 0 && ').,;:]}!?'.includes(tok[e - 1]!)) e--;
  if (e === tok.length || e === 0) return false;
  const word = tok.slice(0, e);
  // "second(s)" lost its ")" above
  return UNITS.has(word) || (word.endsWith('(s') && UNITS.has(word.slice(0, -2)));
}

/** A month or weekday name, maybe with a comma or dot after it. */
function isCalendar(tok: string): boolean {
  return tok.length >= 3 && tok.length <= 10 && CALENDAR_START.may(tok, 0) && CALENDAR.has(tok);
}
