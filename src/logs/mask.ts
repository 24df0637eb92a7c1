/**
 * Masking of one whitespace-separated token: the parts that are values in any log (numbers, hex,
 * IPs, host:port, UUIDs, paths, URLs, emails, timestamps, sizes and durations, quoted strings,
 * key=value values) become the wildcard; the rest of the token is kept, so `blk_-123` becomes
 * `blk_<*>` and `[10.0.0.1]` becomes `[<*>]`. No rule names a system or a format.
 */

export const WILDCARD = '<*>';

/** How a template position may differ from a line: words are constants, values are not. */
export const enum TokenKind {
  /** Letters only (with - _ ' inside and punctuation around): a constant unless proven otherwise. */
  Word = 0,
  /** Letters mixed with digits or dots, slashes, colons (`test9`, `a.b.c`): often a name or a value. */
  Ident = 1,
  /** Contains a wildcard: a value. */
  Var = 2,
}

const LETTER = 1;
const DIGIT = 2;
const WORD_INNER = 4; // - _ '
const OPENER = 8; // ( [ { <
const CLOSER = 16; // ) ] } > , ; : . ! ? and quotes
const QUOTE = 32; // " ' `
// What can make a token without digits a value (path, URL, email, key=value):
const SLASH = 64; // / \
const NUMERIC = 128; // . : , - + _ / : what may join the digits of a number, address, date or time
const EQUALS = 256;
const AT = 512;
const COLON = 1024;
const OTHER = 2048; // any character that cannot be part of a number
const STRUCT = SLASH | EQUALS | AT;
const CLASS = new Uint16Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const ch of "-_'") CLASS[ch.charCodeAt(0)] |= WORD_INNER;
for (const ch of '([{<') CLASS[ch.charCodeAt(0)] |= OPENER;
for (const ch of ')]}>,;:.!?"\'`') CLASS[ch.charCodeAt(0)] |= CLOSER;
for (const ch of '"\'`') CLASS[ch.charCodeAt(0)] |= QUOTE;
for (const ch of '/\\') CLASS[ch.charCodeAt(0)] |= SLASH;
CLASS['='.charCodeAt(0)] |= EQUALS;
CLASS['@'.charCodeAt(0)] |= AT;
CLASS[':'.charCodeAt(0)] |= COLON;
for (const ch of '.:,-+_/') CLASS[ch.charCodeAt(0)] |= NUMERIC;
for (let c = 0; c < 128; c++) if ((CLASS[c]! & (DIGIT | NUMERIC)) === 0) CLASS[c] |= OTHER;

/**
 * Whether a token with these character classes (see charClass) is made only of digits and
 * number punctuation: a number, address, date or time as a whole.
 */
export function numericClasses(classes: number): boolean {
  return (classes & (DIGIT | OTHER)) === DIGIT;
}

/** Character class bits of a UTF-16 code unit; any non-ASCII character counts as a letter. */

export function charClass(code: number): number {
  return code < 128 ? CLASS[code]! : LETTER | OTHER;
}

const cls = charClass;

function isAlnum(code: number): boolean {
  return (cls(code) & (LETTER | DIGIT)) !== 0;
}

/** Start of the token's core: leading brackets skipped (a leading quote too). */
function coreStart(tok: string): number {
  let s = 0;
  while (s < tok.length && (cls(tok.charCodeAt(s)) & (OPENER | QUOTE)) !== 0) s++;
  return s;
}

/** End of the core of text[start, end): trailing brackets, punctuation and quotes skipped. */
function coreEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (cls(text.charCodeAt(e - 1)) & CLOSER) !== 0) e--;
  return e;
}

/** True when text[s, e) holds only letters and - _ ' (and is not empty of letters). */
function isWordCore(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const k = cls(text.charCodeAt(i));
    if ((k & LETTER) === 0 && (k & WORD_INNER) === 0) return false;
  }
  return true;
}

/** The character classes (see charClass) of text[s, e), or-ed. */
export function classesOf(text: string, s: number, e: number): number {
  let classes = 0;
  for (let i = s; i < e; i++) classes |= cls(text.charCodeAt(i));
  return classes;
}

/** Masks one token (see maskSpan). Words come back unchanged. */
export function maskToken(tok: string): string {
  return maskSpan(tok, 0, tok.length, classesOf(tok, 0, tok.length)) ?? tok;
}

/**
 * Masks the token text[from, to), whose character classes are known, where it lies: nothing is
 * cut out of the text but the parts of the result. Undefined when the token stays as it is
 * (words, the common case).
 */
export function maskSpan(text: string, from: number, to: number, classes: number): string | undefined {
  if ((classes & (DIGIT | STRUCT | QUOTE)) === 0) return undefined;
  let s = from;
  for (let c = text.charCodeAt(s); s < to && ((cls(c) & OPENER) !== 0 || c === 62 /* > */ || c === 126 /* ~ */); c = text.charCodeAt(++s));
  if (s < to && (cls(text.charCodeAt(s)) & QUOTE) !== 0) {
    // A quoted value with no space inside ('safety', "x"): the content is a value. A quote that
    // does not close inside the token opens quoted prose, whose words are kept.
    const close = lastIndexIn(text, text[s]!, s, to);
    if (close > s + 1) return text.slice(from, s + 1) + WILDCARD + text.slice(close, to);
    s++;
  }
  const e = coreEnd(text, s, to);
  // Digits and letters are never cut off the core, so the token's classes rule out a word or a number.
  if (s >= e || ((classes & DIGIT) === 0 && isWordCore(text, s, e))) return undefined;
  const numeric = (classes & LETTER) === 0 && isNumeric(text, s, e) && ((classes & COLON) === 0 || !isAddressWithPort(text, s, e));
  const masked = numeric ? WILDCARD : maskCore(text, s, e, classes);
  if (masked === undefined) return undefined;
  // "<1 sec", ">5", "~3": a comparison sign in front of a value belongs to the value.
  const prefix = masked === WILDCARD && s === from + 1 && isComparison(text.charCodeAt(from)) ? '' : text.slice(from, s);
  return prefix + masked + text.slice(e + unmatchedCloser(text, from, e, to, masked), to);
}

function isComparison(c: number): boolean {
  return c === 60 /* < */ || c === 62 /* > */ || c === 126 /* ~ */;
}

// String search is native code, faster than reading the characters one by one in JS.
function indexIn(text: string, char: string, s: number, e: number): number {
  const i = text.indexOf(char, s);
  return i < e ? i : -1;
}

function lastIndexIn(text: string, char: string, s: number, e: number): number {
  const i = e > 0 ? text.lastIndexOf(char, e - 1) : -1;
  return i >= s ? i : -1;
}

/** An IPv4 address with a port (`10.0.0.1:80`), which is two values; `10:04:05` is one. */
function isAddressWithPort(text: string, s: number, e: number): boolean {
  const colon = lastIndexIn(text, ':', s, e);
  return colon > s && indexIn(text, ':', s, e) === colon && lastIndexIn(text, '.', s + 1, colon) > s;
}

/**
 * 1 when an angle bracket closes a masked value without opening in the token: it closes a value
 * that began in an earlier token (`<memory:0, vCores:-27>`), so it is the value's. Parentheses
 * close prose as often as values, and stay.
 */
function unmatchedCloser(text: string, from: number, e: number, to: number, masked: string): number {
  return e < to && text.charCodeAt(e) === 62 /* > */ && masked.endsWith(WILDCARD) && indexIn(text, '<', from, to) < 0 ? 1 : 0;
}

const EMAIL = /^[^@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP =
  /^(?:\d{4}-\d{2}-\d{2}(?:[T_]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const IPV6 = /^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\w+)?$/;
// A number glued to a unit of time, size or order: 10ms, 1h30m, 512MB, 3rd.
const NUMBER_WITH_UNIT =
  /^(?:\d+(?:ns|us|µs|μs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib|p|pb|x|st|nd|rd|th))+\d*$/i;

/** Digits joined by number punctuation only: integers, decimals, IPs, ip:port, dates, times. */
function isNumeric(text: string, s: number, e: number): boolean {
  let digits = false;
  for (let i = s; i < e; i++) {
    const k = cls(text.charCodeAt(i));
    if (k === DIGIT) digits = true;
    else if ((k & NUMERIC) === 0) return false;
  }
  return digits;
}

/** The masked core text[s, e), or undefined when it stays; `classes` (of the whole token) tells which checks can apply. */
function maskCore(text: string, s: number, e: number, classes: number): string | undefined {
  const colon = classes & COLON ? indexIn(text, ':', s, e) : -1;
  if (classes & SLASH && colon > s && colon + 2 < e && text.charCodeAt(colon + 1) === 47 && text.charCodeAt(colon + 2) === 47 && isScheme(text, s, colon)) {
    return maskUrl(text, s, colon + 3, e);
  }
  const eq = classes & EQUALS ? indexIn(text, '=', s, e) : -1;
  if (eq > s && !hasSlash(text, s, eq)) {
    // key=value: the value is masked as a token of its own
    if (eq + 1 === e) return undefined;
    const value = maskSpan(text, eq + 1, e, classesOf(text, eq + 1, e));
    return value === undefined ? undefined : text.slice(s, eq + 1) + value;
  }
  if (classes & SLASH && isPath(text, s, e)) return WILDCARD;
  if (classes & AT && indexIn(text, '@', s, e) >= 0 && EMAIL.test(text.slice(s, e))) return WILDCARD;
  // A UUID keeps its dashes, like any value joined by punctuation keeps the punctuation.
  if (e - s === 36 && UUID.test(text.slice(s, e))) return UUID_TEMPLATE;
  const first = text.charCodeAt(s);
  if (first >= 48 && first <= 57 && TIMESTAMP.test(text.slice(s, e))) return WILDCARD;
  if (colon > s && indexIn(text, ':', colon + 1, e) > 0) {
    const core = text.slice(s, e);
    if (IPV6.test(core) && /\d/.test(core)) return WILDCARD;
  }
  return maskPieces(text, s, e);
}

const UUID_TEMPLATE = `${WILDCARD}-${WILDCARD}-${WILDCARD}-${WILDCARD}-${WILDCARD}`;

/** A URL scheme before text[colon]: a letter, then letters, digits, + . - (ASCII). */
function isScheme(text: string, s: number, colon: number): boolean {
  if ((cls(text.charCodeAt(s)) & LETTER) === 0 || text.charCodeAt(s) >= 128) return false;
  for (let i = s + 1; i < colon; i++) {
    const c = text.charCodeAt(i);
    if (!(c < 128 && (CLASS[c]! & (LETTER | DIGIT)) !== 0) && c !== 43 /* + */ && c !== 46 /* . */ && c !== 45 /* - */) return false;
  }
  return true;
}

/** A URL text[s, e), its scheme ending at `rest`: the scheme stays; the rest is one value with a path, else host and port apart. */
function maskUrl(text: string, s: number, rest: number, e: number): string | undefined {
  let digits = false;
  for (let i = rest; i < e && !digits; i++) digits = cls(text.charCodeAt(i)) === DIGIT;
  if (!digits) return undefined;
  const slash = indexIn(text, '/', rest, e);
  if (slash >= 0 && slash < e - 1) return text.slice(s, rest) + WILDCARD;
  const masked = maskPieces(text, rest, e);
  return masked === undefined ? undefined : text.slice(s, rest) + masked;
}

function hasSlash(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if ((cls(text.charCodeAt(i)) & SLASH) !== 0) return true;
  return false;
}

/** Absolute, home, relative or Windows paths with at least two separators, e.g. /var/log/x. */
function isPath(text: string, s: number, e: number): boolean {
  let separators = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ || c === 92 /* \ */) separators++;
  }
  return separators >= 2;
}

/** Whether the atom text[s, e) (letters and digits), with these counts of digits and hex letters, is a value. */
function isVariableAtom(text: string, s: number, e: number, digits: number, hex: number): boolean {
  const length = e - s;
  if (digits === 0) return false;
  if (digits === length) return true;
  const first = text.charCodeAt(s);
  if (first === 48 && (text.charCodeAt(s + 1) | 32) === 120 && digits + hex === length - 1) return true; // 0x1f
  if (first >= 48 && first <= 57 && NUMBER_WITH_UNIT.test(text.slice(s, e))) return true;
  // Hashes and ids: long runs of hex digits with both digits and letters (short ones are names).
  return digits + hex === length && length >= 8;
}

/**
 * Characters that separate the values of a compound token and stay in the template between
 * them: `<*>:<*>`, `<*>/<*>:<*>`, `key:<*>,`, `Event@<*>`, `#<*>`, `<*>%`. Dots, dashes and underscores
 * do not: `10.0.0.1`, `blk_-42` and `msra-sa-41` are each one value.
 */
const PIECE_BREAK = new Uint8Array(128);
for (const ch of ':=,;|()[]{}<>"\'/#@%\\') PIECE_BREAK[ch.charCodeAt(0)] = 1;

function isPieceBreak(code: number): boolean {
  return code < 128 && PIECE_BREAK[code] === 1;
}

/**
 * The general case: split text[s, e) at PIECE_BREAK characters; a piece that holds a value (a
 * run of digits, a hex id, a number with its unit) is masked whole, so `blk_-42` and
 * `attempt_1_0001_m_000001_0` become `<*>`, not `blk_<*>`. A lone leading slash belongs to the
 * value after it (`/10.0.0.1:80` -> `<*>:<*>`). Undefined when no piece holds a value.
 */
function maskPieces(text: string, s: number, e: number): string | undefined {
  // The masked text is built only once a piece is masked: up to `copied`, the core is in `out`.
  let out = '';
  let copied = s;
  let i = s;
  while (i < e) {
    if (isPieceBreak(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // One piece, text[i, j), read once: its atoms (runs of letters and digits) and its dots.
    let j = i;
    let value = false;
    let dot = false;
    let atom = -1;
    let digits = 0;
    let hex = 0;
    for (; j < e; j++) {
      const c = text.charCodeAt(j);
      if (isPieceBreak(c)) break;
      if ((cls(c) & (LETTER | DIGIT)) !== 0) {
        if (atom < 0) {
          atom = j;
          digits = hex = 0;
        }
        if (c >= 48 && c <= 57) digits++;
        else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex++;
        continue;
      }
      if (atom >= 0) {
        value ||= isVariableAtom(text, atom, j, digits, hex);
        atom = -1;
      }
      if (c === 46 /* . */) dot = true;
    }
    if (atom >= 0) value ||= isVariableAtom(text, atom, j, digits, hex);
    if (value || (dot && isPortAfter(text, j, e))) {
      out += (i === s + 1 && text.charCodeAt(s) === 47 /* / */ ? '' : text.slice(copied, i)) + WILDCARD;
      copied = j;
    }
    i = j;
  }
  return copied === s ? undefined : out + text.slice(copied, e);
}

/** A colon at text[at] and only digits after it up to e: the port after a dotted host name (`proxy.example.com:5070`). */
function isPortAfter(text: string, at: number, e: number): boolean {
  if (text.charCodeAt(at) !== 58 /* : */ || at + 1 >= e) return false;
  for (let i = at + 1; i < e; i++) if (cls(text.charCodeAt(i)) !== DIGIT) return false;
  return true;
}

/** The kind of a (masked) token; see TokenKind. */
export function tokenKind(tok: string): TokenKind {
  if (tok.includes(WILDCARD)) return TokenKind.Var;
  const s = coreStart(tok);
  const e = coreEnd(tok, s, tok.length);
  if (s >= e) return TokenKind.Word;
  const eq = tok.indexOf('=', s);
  if (eq > s && eq < e) {
    // key=value is as constant as its value: user=root is a word, uid=0 is not.
    return eq + 1 >= e ? TokenKind.Word : tokenKind(tok.slice(eq + 1, e));
  }
  return isWordCore(tok, s, e) ? TokenKind.Word : TokenKind.Ident;
}

/** Letters-and-digits runs, wildcards and single punctuation characters of a token. */
function units(tok: string): string[] {
  return tok.match(/<\*>|[\p{L}\p{N}]+|[^\p{L}\p{N}]/gu) ?? [];
}

/** True when the token holds wildcards and punctuation only (`<*>`, `[<*>]`, `/<*>:`). */
export function isPureValue(tok: string): boolean {
  let wild = false;
  for (let i = 0; i < tok.length; i++) {
    if (tok.startsWith(WILDCARD, i)) {
      wild = true;
      i += WILDCARD.length - 1;
    } else if (isAlnum(tok.charCodeAt(i))) return false;
  }
  return wild;
}

/** A token as pieces and the break characters between them: piece, break, piece, ... (see PIECE_BREAK). */
function pieces(tok: string): string[] {
  const out: string[] = [];
  let piece = '';
  for (let i = 0; i < tok.length; i++) {
    if (tok.startsWith(WILDCARD, i)) {
      piece += WILDCARD;
      i += WILDCARD.length - 1;
    } else if (isPieceBreak(tok.charCodeAt(i))) {
      out.push(piece, tok[i]!);
      piece = '';
    } else piece += tok[i];
  }
  out.push(piece);
  return out;
}

/**
 * The most specific token that covers both, piece by piece (see PIECE_BREAK): pieces that
 * differ become whole wildcards and the punctuation between them stays, so `rhost=<*>` and
 * `rhost=a.example.com` give `rhost=<*>`, `a.example.com:<*>` and `b.example.org:<*>` give
 * `<*>:<*>`, and `admin` and `oracle` give `<*>`. Tokens of different make keep what they
 * share at the start and the end.
 */
export function generalizeToken(a: string, b: string): string {
  if (a === b) return a;
  const pa = pieces(a);
  const pb = pieces(b);
  if (pa.length === pb.length) {
    let same = true;
    for (let i = 1; i < pa.length && same; i += 2) same = pa[i] === pb[i];
    if (same) return pa.map((p, i) => (i % 2 === 1 || p === pb[i] ? p : WILDCARD)).join('');
  }
  let i = 0;
  while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i++;
  let j = 0;
  while (j < pa.length - 1 - i && j < pb.length - 1 - i && pa[pa.length - 1 - j] === pb[pb.length - 1 - j]) j++;
  // Keep whole pieces only: the kept parts start and end at a break.
  if (i % 2 === 1) i--;
  if (j % 2 === 1) j--;
  return pa.slice(0, i).join('') + WILDCARD + pa.slice(pa.length - j).join('');
}

/** True when a template token with wildcards covers a line token (`user=<*>` covers `user=root`). */
export function tokenCovers(template: string, token: string): boolean {
  const literals = template.split(WILDCARD);
  if (literals.length === 1) return template === token;
  const first = literals[0]!;
  const last = literals[literals.length - 1]!;
  if (!token.startsWith(first) || !token.endsWith(last)) return false;
  let pos = first.length;
  const end = token.length - last.length;
  for (let i = 1; i < literals.length - 1; i++) {
    const at = token.indexOf(literals[i]!, pos + 1);
    if (at < 0 || at >= end) return false;
    pos = at + literals[i]!.length;
  }
  return end > pos;
}

/**
 * Whether two different tokens, neither of them a plain word, may be one variable: names
 * (`a.example.com`, `test9`) may; tokens whose values are already masked may only where they
 * differ in digits or next to a value, not in their constant letters (`(uid=<*>)` and
 * `LOGIN(uid=<*>)` are different constants; `rhost=<*>` and `rhost=<*>.example.com` are not).
 */
export function differInValue(a: string, b: string): boolean {
  if (!a.includes(WILDCARD) && !b.includes(WILDCARD)) return true;
  const ua = units(a);
  const ub = units(b);
  let i = 0;
  while (i < ua.length && i < ub.length && ua[i] === ub[i]) i++;
  let j = 0;
  while (j < ua.length - i && j < ub.length - i && ua[ua.length - 1 - j] === ub[ub.length - 1 - j]) j++;
  if (ua[i - 1] === WILDCARD || ua[ua.length - j] === WILDCARD) return true;
  const variable = (u: string): boolean => u === WILDCARD || /\d/.test(u);
  return ua.slice(i, ua.length - j).some(variable) || ub.slice(i, ub.length - j).some(variable);
}
