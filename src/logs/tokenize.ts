import { WILDCARD, charClass, maskSpan, mayMask, numericClasses } from './mask.js';
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
  return [...new Tokenizer(maxTokens).read(line, from).tokens];
}

/** The tokens of a line; `memo` is the caller's, kept with them while the tokenizer remembers them. */
export interface TokenSequence<Memo> {
  readonly tokens: readonly string[];
  memo?: Memo;
}

// What masking did to a whitespace-separated piece of a line (a "word").
const KEPT = 0; // nothing: the word as it is
const NUMERIC = 1; // digits and number punctuation: one value, or an address and its port
const MASKED = 2; // masked into other text
const MASKED_AS_IS = 3; // masked into its own text

/** A line's words as masked (kept words as they are), and the tokens they gave. */
interface Known<Memo> extends TokenSequence<Memo> {
  readonly words: readonly string[];
  readonly kinds: readonly number[];
  /** For a masked word whose masked text has no digits: the word, which any word of its shape (see sameShape) masks like. */
  readonly shapes: ReadonlyArray<string | undefined>;
}

/** Word sequences remembered before the tokenizer starts again empty. */
const MAX_KNOWN = 1 << 14;

/**
 * tokenize() for a stream of lines. Most lines of a log repeat an event whose words are the same
 * but for values, so a line is first split into words and compared with the last line of the
 * same kind (the same words where they hold no digits or other marks of a value): words kept as
 * they are must be equal, the others must mask to the same text. Then the line has the same
 * tokens, and the same token sequence object is returned, so that the caller's memo applies.
 */
export class Tokenizer<Memo = never> {
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private classes = new Int32Array(64);
  /** Words found by the last scan(). */
  private count = 0;
  /** By a hash of the words that are kept whatever they hold (see scan); null: seen once. */
  private readonly known = new Map<number, Known<Memo> | null>();

  constructor(private readonly maxTokens = DEFAULT_MAX_TOKENS) {}

  read(line: string, from = 0): TokenSequence<Memo> {
    const key = this.scan(line, from);
    const known = this.known.get(key);
    if (known && this.matches(known, line)) return known;
    // Words are remembered from their second sighting on: lines with a word of their own (a
    // value that masking keeps) would otherwise fill the memory with sequences never seen again.
    if (known === undefined) {
      if (this.known.size >= MAX_KNOWN) this.known.clear();
      this.known.set(key, null);
      return { tokens: this.join(line) };
    }
    const words: string[] = [];
    const kinds: number[] = [];
    const shapes: Array<string | undefined> = [];
    const fresh = { tokens: this.join(line, { words, kinds, shapes }), words, kinds, shapes };
    // A line cut at maxTokens is not remembered: its words were not all read.
    if (words.length === this.count) this.known.set(key, fresh);
    return fresh;
  }

  /**
   * Finds the words of line[from..] (their spans and character classes) and returns a hash of
   * the words that can only be kept as they are, each other word counting as one mark.
   */
  private scan(line: string, from: number): number {
    const n = line.length;
    let starts = this.starts;
    let ends = this.ends;
    let classesOf = this.classes;
    let key = 0x811c9dc5;
    let count = 0;
    let i = from;
    while (i < n) {
      while (i < n && line.charCodeAt(i) <= 32) i++;
      if (i >= n) break;
      let classes = 0;
      let word = 0x811c9dc5;
      let j = i;
      for (; j < n; j++) {
        const c = line.charCodeAt(j);
        if (c <= 32) break;
        classes |= charClass(c);
        word = Math.imul(word ^ c, 0x01000193);
      }
      if (count === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
        classesOf = this.classes;
      }
      starts[count] = i;
      ends[count] = j;
      classesOf[count] = classes;
      count++;
      key = Math.imul(key ^ (mayMask(classes) ? 0x5f3759df : word), 0x01000193);
      i = j;
    }
    this.count = count;
    return key & 0x3fffffff; // a small integer, which a Map holds without boxing
  }

  private grow(): void {
    const size = this.starts.length * 2;
    for (const name of ['starts', 'ends', 'classes'] as const) {
      const wider = new Int32Array(size);
      wider.set(this[name]);
      this[name] = wider;
    }
  }

  /** Whether the scanned line's words mask as the known ones did (so its tokens are the known tokens). */
  private matches(known: Known<Memo>, line: string): boolean {
    if (known.words.length !== this.count) return false;
    for (let k = 0; k < this.count; k++) {
      const s = this.starts[k]!;
      const e = this.ends[k]!;
      const word = known.words[k]!;
      if (known.kinds[k] === KEPT) {
        if (e - s !== word.length || !line.startsWith(word, s)) return false;
      } else if (!mayMask(this.classes[k]!)) return false;
      else {
        const shape = known.shapes[k];
        if (shape !== undefined && sameShape(line, s, e, shape)) continue;
        const masked = maskWord(line, s, e, this.classes[k]!);
        if (masked !== word || kindOf(line, s, e, this.classes[k]!, masked) !== known.kinds[k]) return false;
      }
    }
    return true;
  }

  /** Masks the scanned words and joins units and dates to their values; records each word's masking when asked. */
  private join(line: string, record?: { words: string[]; kinds: number[]; shapes: Array<string | undefined> }): string[] {
    const out: string[] = [];
    let afterValue = false; // the last token is a value a unit word may follow
    let inDate = false; // the last token is a date that a time or year may extend
    let afterUnit = false; // the last token is a value with its unit
    let dotAfterValue = false; // the last token ends in "<*>."
    for (let k = 0; k < this.count; k++) {
      if (out.length >= this.maxTokens) {
        if (out[out.length - 1] !== WILDCARD) out.push(WILDCARD);
        break;
      }
      const start = this.starts[k]!;
      const j = this.ends[k]!;
      const classes = this.classes[k]!;
      const masked = mayMask(classes) ? maskWord(line, start, j, classes) : undefined;
      const kind = masked === undefined ? KEPT : kindOf(line, start, j, classes, masked);
      // whether masking changed the token's text (a numeric value counts as unchanged)
      const changed = kind === MASKED;
      const tok = masked ?? line.slice(start, j);
      if (record) {
        record.words.push(tok);
        record.kinds.push(kind);
        record.shapes.push(kind !== KEPT && !hasDigit(tok) ? line.slice(start, j) : undefined);
      }
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
}

/**
 * Whether line[s, e) is `word` but for other digits where `word` has digits. Masking tells digits
 * apart only by their class (but for a 0 before an x: `0x1f`), so such a word masks into the
 * same places; when the masked text of `word` kept none of its digits, into the same text.
 */
function sameShape(line: string, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const a = line.charCodeAt(s + i);
    const b = word.charCodeAt(i);
    if (a === b) continue;
    if (!isDigit(a) || !isDigit(b) || (line.charCodeAt(s + i + 1) | 32) === 120 /* x */) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) return true;
  return false;
}

/** The masked text of the word line[s, e), or undefined when it is kept as it is. */
function maskWord(line: string, s: number, e: number, classes: number): string | undefined {
  return isNumericWord(line, e, classes) ? numericValue(line, s, e, classes) : maskSpan(line, s, e, classes);
}

/** Digits and number punctuation only, ending in a digit: a value as a whole (an address with a port is two, which masking tells). */
function isNumericWord(line: string, e: number, classes: number): boolean {
  return numericClasses(classes) && isDigit(line.charCodeAt(e - 1));
}

function kindOf(line: string, s: number, e: number, classes: number, masked: string): number {
  if (isNumericWord(line, e, classes)) return NUMERIC;
  return masked.length === e - s && line.startsWith(masked, s) ? MASKED_AS_IS : MASKED;
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
