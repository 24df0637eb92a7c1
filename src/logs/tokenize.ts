import { WILDCARD, maskToken } from './mask.js';

/** Units that may follow a number as a separate word: "30 seconds", "18.4 KB", "<1 sec". */
const UNITS = new Set(
  (
    'b byte bytes k kb kib m mb mib g gb gib t tb tib pb ' +
    'ns us µs μs ms s sec secs second seconds millis msec msecs millisecond milliseconds ' +
    'microsecond microseconds nanosecond nanoseconds min mins minute minutes h hr hrs hour hours ' +
    'd day days w wk week weeks'
  ).split(' '),
);

/** Month and weekday names, which belong to a timestamp when they stand next to a value. */
const CALENDAR = new Set(
  (
    'jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july ' +
    'august september october november december mon tue tues wed thu thur thurs fri sat sun monday ' +
    'tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
);

export const DEFAULT_MAX_TOKENS = 128;

/**
 * Splits a line on whitespace and masks each token. Then, so that lists and optional values do
 * not change the shape of a line: a number followed by a unit word becomes one value, month and
 * day names next to a value join it, and a run of values (`<*> <*>`, `blk_<*> blk_<*>`)
 * becomes one. Past `maxTokens` tokens the rest of the line is one value.
 */
export function tokenize(line: string, maxTokens = DEFAULT_MAX_TOKENS): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  let values = false;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    let j = i + 1;
    while (j < n && line.charCodeAt(j) > 32) j++;
    if (out.length >= maxTokens) {
      if (out[out.length - 1] !== WILDCARD) out.push(WILDCARD);
      break;
    }
    let tok = maskToken(line.slice(i, j));
    i = j;
    if (isBareValue(tok)) {
      // "30 seconds." -> "<*>.", "(18.4 KB)" -> "(<*>)"
      let k = i;
      while (k < n && line.charCodeAt(k) <= 32) k++;
      let m = k;
      while (m < n && line.charCodeAt(m) > 32) m++;
      const unit = k < n ? unitSuffix(line.slice(k, m)) : undefined;
      if (unit !== undefined) {
        tok += unit;
        i = m;
      }
      if (tok === WILDCARD) values = true;
    }
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    if (prev !== undefined && prev === tok && tok.includes(WILDCARD)) continue;
    out.push(tok);
  }
  return values ? foldCalendar(out) : out;
}

/** A value with only opening brackets in front: "<*>" or "(<*>". */
function isBareValue(tok: string): boolean {
  if (!tok.endsWith(WILDCARD)) return false;
  for (let i = 0; i < tok.length - WILDCARD.length; i++) {
    const c = tok[i];
    if (c !== '(' && c !== '[' && c !== '{') return false;
  }
  return true;
}

/** If the token is a unit word, the punctuation that follows it ("seconds." -> "."). */
function unitSuffix(tok: string): string | undefined {
  let e = tok.length;
  while (e > 0 && ').,;:]}!?'.includes(tok[e - 1]!)) e--;
  let word = tok.slice(0, e);
  // "second(s)" lost its ")" above
  if (word.endsWith('(s')) word = word.slice(0, -2);
  if (word.length === 0 || word.length > 12 || !UNITS.has(word.toLowerCase())) return undefined;
  return tok.slice(e);
}

function stripDot(tok: string): string {
  const last = tok[tok.length - 1];
  return last === ',' || last === '.' ? tok.slice(0, -1) : tok;
}

function foldCalendar(tokens: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.length < 3 || tok.length > 10 || (tokens[i - 1] !== WILDCARD && tokens[i + 1] !== WILDCARD)) continue;
    if (!CALENDAR.has(stripDot(tok).toLowerCase())) continue;
    out ??= tokens.slice();
    out[i] = WILDCARD;
  }
  if (out === undefined) return tokens;
  const folded = out;
  return folded.filter((tok, i) => tok !== WILDCARD || folded[i - 1] !== WILDCARD);
}
