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
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const ch of "-_'") CLASS[ch.charCodeAt(0)] |= WORD_INNER;
for (const ch of '([{<') CLASS[ch.charCodeAt(0)] |= OPENER;
for (const ch of ')]}>,;:.!?"\'`') CLASS[ch.charCodeAt(0)] |= CLOSER;
for (const ch of '"\'`') CLASS[ch.charCodeAt(0)] |= QUOTE;

function cls(code: number): number {
  return code < 128 ? CLASS[code]! : LETTER; // any non-ASCII character counts as a letter
}

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
  const n = tok.length;
  let s = 0;
  while (s < n && (cls(tok.charCodeAt(s)) & OPENER) !== 0) s++;
  if (s < n && (cls(tok.charCodeAt(s)) & QUOTE) !== 0) {
    // A quoted value with no space inside ('safety', "x"): the content is a value. A quote that
    // does not close inside the token opens quoted prose, whose words are kept.
    const close = tok.lastIndexOf(tok[s]!);
    if (close > s + 1) return tok.slice(0, s + 1) + WILDCARD + tok.slice(close);
    s++;
  }
  const e = coreEnd(tok, s);
  if (s >= e || isWordCore(tok, s, e)) return tok;
  const core = tok.slice(s, e);
  const masked = maskCore(core);
  if (masked === core) return tok;
  let prefix = tok.slice(0, s);
  // "<1 sec", ">5": a comparison sign in front of a value belongs to the value.
  if (masked === WILDCARD && (prefix === '<' || prefix === '>')) prefix = '';
  return prefix + masked + tok.slice(e);
}

const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const EMAIL = /^[^@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP =
  /^(?:\d{4}-\d{2}-\d{2}(?:[T_]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const HOST_PORT = /^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)+:\d{1,5}$/;
const IPV6 = /^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\w+)?$/;
const HEX_PREFIXED = /^0[xX][0-9a-fA-F]+$/;
// A number glued to a unit of time, size or order: 10ms, 1h30m, 512MB, 3rd.
const NUMBER_WITH_UNIT =
  /^(?:\d+(?:ns|us|µs|μs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib|p|pb|x|st|nd|rd|th))+\d*$/i;

function maskCore(core: string): string {
  if (URL_START.test(core)) return WILDCARD;
  if (isPath(core)) return WILDCARD;
  const eq = core.indexOf('=');
  if (eq > 0) {
    const value = core.slice(eq + 1);
    return core.slice(0, eq + 1) + (value === '' ? '' : maskToken(value));
  }
  if (core.includes('@') && EMAIL.test(core)) return WILDCARD;
  if (UUID.test(core) || TIMESTAMP.test(core) || HOST_PORT.test(core)) return WILDCARD;
  if (core.includes('::') || (core.split(':').length > 2 && /\d/.test(core))) {
    if (IPV6.test(core)) return WILDCARD;
  }
  return maskAtoms(core);
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

function isVariableAtom(atom: string): boolean {
  let digits = 0;
  let hex = 0;
  for (let i = 0; i < atom.length; i++) {
    const c = atom.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex++;
  }
  if (digits === 0) return false;
  if (digits === atom.length) return true;
  const first = atom.charCodeAt(0);
  if (first >= 48 && first <= 57 && NUMBER_WITH_UNIT.test(atom)) return true;
  if (HEX_PREFIXED.test(atom)) return true;
  // Hashes and ids: long runs of hex digits with both digits and letters (short ones are names).
  return digits + hex === atom.length && atom.length >= 8;
}

/**
 * The general case: split the core into runs of letters and digits ("atoms"), mask the atoms
 * that are values, and fold values joined by punctuation into one (10.0.0.1:80 -> <*>), with a
 * letter or two between two values (attempt_1445_0020_m_000001 -> attempt_<*>).
 */
function maskAtoms(core: string): string {
  const seps: string[] = [];
  const atoms: string[] = [];
  const values: boolean[] = [];
  let sep = '';
  let i = 0;
  const n = core.length;
  while (i < n) {
    if (!isAlnum(core.charCodeAt(i))) {
      sep += core[i];
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isAlnum(core.charCodeAt(j))) j++;
    const atom = core.slice(i, j);
    const value = isVariableAtom(atom);
    // A sign in front of a number is part of it unless it joins two words (msra-sa-41).
    const last = sep.length > 0 ? sep.charCodeAt(sep.length - 1) : 0;
    if (value && (last === 45 || last === 43) && (i - 1 === 0 || !isAlnum(core.charCodeAt(i - 2)))) sep = sep.slice(0, -1);
    seps.push(sep);
    atoms.push(atom);
    values.push(value);
    sep = '';
    i = j;
  }
  for (let k = 1; k + 1 < atoms.length; k++) {
    if (!values[k] && values[k - 1] && values[k + 1] && atoms[k]!.length <= 2 && isJoiner(seps[k]!) && isJoiner(seps[k + 1]!)) {
      values[k] = true;
    }
  }
  let out = '';
  for (let k = 0; k < atoms.length; k++) {
    if (!values[k]) out += seps[k] + atoms[k];
    else if (k === 0 || !values[k - 1] || !isJoiner(seps[k]!)) out += seps[k] + WILDCARD;
  }
  return out + sep;
}

/** Punctuation that joins the parts of one value: dots, colons, commas, dashes, slashes. */
function isJoiner(sep: string): boolean {
  if (sep.length > 2) return false;
  for (let i = 0; i < sep.length; i++) {
    if (!'.:,_-/+#@'.includes(sep[i]!)) return false;
  }
  return true;
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

/**
 * The most specific token that covers both: what they share at the start and the end (in whole
 * runs of letters and digits) around a wildcard, so `rhost=<*>` and `rhost=a.example.com` give
 * `rhost=<*>`, and `admin` and `oracle` give `<*>`.
 */
export function generalizeToken(a: string, b: string): string {
  if (a === b) return a;
  const ua = units(a);
  const ub = units(b);
  let i = 0;
  while (i < ua.length && i < ub.length && ua[i] === ub[i]) i++;
  let j = 0;
  while (j < ua.length - i && j < ub.length - i && ua[ua.length - 1 - j] === ub[ub.length - 1 - j]) j++;
  const joined = ua.slice(0, i).join('') + WILDCARD + ua.slice(ua.length - j).join('');
  return joined.replace(/<\*>(?:(?:[.:,_\-/+#@]{1,2})?<\*>)+/g, WILDCARD);
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
