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

/** End of the token's core: trailing brackets, punctuation and quotes skipped. */
function coreEnd(tok: string, start: number): number {
  let e = tok.length;
  while (e > start && (cls(tok.charCodeAt(e - 1)) & CLOSER) !== 0) e--;
  return e;
}

/** True when the core holds only letters and - _ ' (and is not empty of letters). */
function isWordCore(tok: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const k = cls(tok.charCodeAt(i));
    if ((k & LETTER) === 0 && (k & WORD_INNER) === 0) return false;
  }
  return true;
}

/**
 * Masks one token. Words come back unchanged (the same string), which is the common case and
 * the fast path.
 */
export function maskToken(tok: string): string {
  let classes = 0;
  for (let i = 0; i < tok.length; i++) classes |= cls(tok.charCodeAt(i));
  return maskClassified(tok, classes);
}

/** maskToken for a token whose character classes (charClass of each, or-ed) are known. */
export function maskClassified(tok: string, classes: number): string {
  if ((classes & (DIGIT | STRUCT | QUOTE)) === 0) return tok;
  const n = tok.length;
  let s = 0;
  while (s < n && ((cls(tok.charCodeAt(s)) & OPENER) !== 0 || tok[s] === '>' || tok[s] === '~')) s++;
  if (s < n && (cls(tok.charCodeAt(s)) & QUOTE) !== 0) {
    // A quoted value with no space inside ('safety', "x"): the content is a value. A quote that
    // does not close inside the token opens quoted prose, whose words are kept.
    const close = tok.lastIndexOf(tok[s]!);
    if (close > s + 1) return tok.slice(0, s + 1) + WILDCARD + tok.slice(close);
    s++;
  }
  const e = coreEnd(tok, s);
  if (s >= e || isWordCore(tok, s, e)) return tok;
  const core = s === 0 && e === n ? tok : tok.slice(s, e);
  const masked = isNumeric(tok, s, e) && ((classes & COLON) === 0 || !isAddressWithPort(core)) ? WILDCARD : maskCore(core, classes);
  if (masked === core) return tok;
  let prefix = tok.slice(0, s);
  // "<1 sec", ">5", "~3": a comparison sign in front of a value belongs to the value.
  if (masked === WILDCARD && (prefix === '<' || prefix === '>' || prefix === '~')) prefix = '';
  return prefix + masked + tok.slice(e + unmatchedClosers(tok, e, masked));
}

/** An IPv4 address with a port (`10.0.0.1:80`), which is two values; `10:04:05` is one. */
function isAddressWithPort(core: string): boolean {
  const colon = core.lastIndexOf(':');
  return colon > 0 && core.indexOf(':') === colon && core.lastIndexOf('.', colon) > 0;
}



/**
 * 1 when an angle bracket closes a masked value without opening in the token: it closes a value
 * that began in an earlier token (`<memory:0, vCores:-27>`), so it is the value's. Parentheses
 * close prose as often as values, and stay.
 */
function unmatchedClosers(tok: string, e: number, masked: string): number {
  return tok.charCodeAt(e) === 62 /* > */ && masked.endsWith(WILDCARD) && !tok.includes('<') ? 1 : 0;
}

const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const EMAIL = /^[^@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP =
  /^(?:\d{4}-\d{2}-\d{2}(?:[T_]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const IPV6 = /^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\w+)?$/;
// A number glued to a unit of time, size or order: 10ms, 1h30m, 512MB, 3rd.
const NUMBER_WITH_UNIT =
  /^(?:\d+(?:ns|us|µs|μs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib|p|pb|x|st|nd|rd|th))+\d*$/i;

/** Digits joined by number punctuation only: integers, decimals, IPs, ip:port, dates, times. */
function isNumeric(tok: string, s: number, e: number): boolean {
  let digits = false;
  for (let i = s; i < e; i++) {
    const k = cls(tok.charCodeAt(i));
    if (k === DIGIT) digits = true;
    else if ((k & NUMERIC) === 0) return false;
  }
  return digits;
}

/** Masks the core of a token; `classes` (of the whole token) tells which checks can apply. */
function maskCore(core: string, classes: number): string {
  const colon = classes & COLON ? core.indexOf(':') : -1;
  if (classes & SLASH && colon > 0 && core.startsWith('//', colon + 1) && URL_START.test(core)) return maskUrl(core, colon + 3);
  const eq = classes & EQUALS ? core.indexOf('=') : -1;
  if (eq > 0 && !hasSlash(core, eq)) {
    const value = core.slice(eq + 1);
    return core.slice(0, eq + 1) + (value === '' ? '' : maskToken(value));
  }
  if (classes & SLASH && isPath(core)) return WILDCARD;
  if (classes & AT && core.includes('@') && EMAIL.test(core)) return WILDCARD;
  // A UUID keeps its dashes, like any value joined by punctuation keeps the punctuation.
  if (core.length === 36 && UUID.test(core)) return UUID_TEMPLATE;
  const first = core.charCodeAt(0);
  if (first >= 48 && first <= 57 && TIMESTAMP.test(core)) return WILDCARD;
  if (colon > 0 && core.indexOf(':', colon + 1) > 0 && IPV6.test(core) && /\d/.test(core)) return WILDCARD;
  return maskPieces(core);
}

const UUID_TEMPLATE = `${WILDCARD}-${WILDCARD}-${WILDCARD}-${WILDCARD}-${WILDCARD}`;

/** A URL: the scheme stays; the rest is one value with a path, else host and port apart. */
function maskUrl(core: string, rest: number): string {
  let digits = false;
  for (let i = rest; i < core.length && !digits; i++) digits = cls(core.charCodeAt(i)) === DIGIT;
  if (!digits) return core;
  const slash = core.indexOf('/', rest);
  return core.slice(0, rest) + (slash >= 0 && slash < core.length - 1 ? WILDCARD : maskPieces(core.slice(rest)));
}

function hasSlash(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) if ((cls(text.charCodeAt(i)) & SLASH) !== 0) return true;
  return false;
}

/** Absolute, home, relative or Windows paths with at least two separators, e.g. /var/log/x. */
function isPath(core: string): boolean {
  let separators = 0;
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c === 47 /* / */ || c === 92 /* \ */) separators++;
  }
  return separators >= 2;
}

function isVariableAtom(core: string, s: number, e: number): boolean {
  let digits = 0;
  let hex = 0;
  for (let i = s; i < e; i++) {
    const c = core.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex++;
  }
  const length = e - s;
  if (digits === 0) return false;
  if (digits === length) return true;
  const first = core.charCodeAt(s);
  if (first === 48 && (core.charCodeAt(s + 1) | 32) === 120 && digits + hex === length - 1) return true; // 0x1f
  if (first >= 48 && first <= 57 && NUMBER_WITH_UNIT.test(core.slice(s, e))) return true;
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
 * The general case: split the core at PIECE_BREAK characters; a piece that holds a value (a
 * run of digits, a hex id, a number with its unit) is masked whole, so `blk_-42` and
 * `attempt_1_0001_m_000001_0` become `<*>`, not `blk_<*>`. A lone leading slash belongs to the
 * value after it (`/10.0.0.1:80` -> `<*>:<*>`).
 */
function maskPieces(core: string): string {
  const n = core.length;
  // The masked text is built only once a piece is masked: up to `copied`, core is in `out`.
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (isPieceBreak(core.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isPieceBreak(core.charCodeAt(j))) j++;
    if (pieceHoldsValue(core, i, j) || isHostBeforePort(core, i, j)) {
      out += (i === 1 && core.charCodeAt(0) === 47 /* / */ ? '' : core.slice(copied, i)) + WILDCARD;
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? core : out + core.slice(copied);
}

/** A dotted host name followed by a port and nothing else: `proxy.example.com:5070`. */
function isHostBeforePort(core: string, s: number, e: number): boolean {
  if (core.charCodeAt(e) !== 58 /* : */ || e + 1 >= core.length || core.indexOf('.', s) >= e || core.indexOf('.', s) < 0) return false;
  for (let i = e + 1; i < core.length; i++) if (cls(core.charCodeAt(i)) !== DIGIT) return false;
  return true;
}

function pieceHoldsValue(core: string, s: number, e: number): boolean {
  let i = s;
  while (i < e) {
    if (!isAlnum(core.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < e && isAlnum(core.charCodeAt(j))) j++;
    if (isVariableAtom(core, i, j)) return true;
    i = j;
  }
  return false;
}

/** The kind of a (masked) token; see TokenKind. */
export function tokenKind(tok: string): TokenKind {
  if (tok.includes(WILDCARD)) return TokenKind.Var;
  const s = coreStart(tok);
  const e = coreEnd(tok, s);
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
