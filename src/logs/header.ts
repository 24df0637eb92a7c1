/**
 * The header a logger writes in front of each message (time stamp, level, pid, thread, logger or
 * program name) and where the message starts, so that patterns are mined from the message alone
 * and the header's level and component become attributes of the pattern.
 *
 * One grammar reads the common forms, with no rule naming a product or a file:
 *   081109 203615 148 INFO dfs.DataNode$PacketResponder: <message>
 *   2015-10-18 18:01:47,978 INFO [main] org.example.App: <message>
 *   2024-05-01 10:00:00.123 [main] INFO  c.e.App - <message>
 *   2024-05-01 10:00:00,123 - app.db - ERROR - <message>
 *   2015-07-29 17:41:44,747 - INFO  [Thread-1:Peer@774] - <message>
 *   Dec 10 06:55:46 host sshd[24200]: <message>
 *   [Sun Dec 04 04:47:44 2005] [notice] <message>
 *   [10.30 16:49:06] chrome.exe *64 - <message>
 *   03-17 16:13:38.811  1702  2395 D WindowManager: <message>
 *   - 1117838570 2005.06.03 R02-M1-N0 2005-06-03-15.42.50.675872 R02-M1-N0 RAS KERNEL INFO <message>
 *   20171223-22:15:29:606|Step_LSC|30002312|<message>
 *   I0501 10:00:00.123456   12345 server.go:123] <message>
 * A header is taken only when it holds a time or a level; a line without one is all message.
 */
import { type LogLevel, levelNamed, normalizeLevel } from './level.js';
import { WordSet, noLowerCase } from './word-set.js';

export interface Header {
  /** Where the message starts in the line (0: no header). */
  messageStart: number;
  level?: LogLevel;
  /** Logger, program or component name, without pid or brackets. */
  component?: string;
}

const NO_HEADER: Header = { messageStart: 0 };

// Kinds of header tokens.
const TIME = 1; // date, time, or a number with date punctuation
const NUMBER = 2; // digits only: pid, thread id, epoch seconds, sequence
const CALENDAR = 3; // month or weekday name
const LEVEL = 4;
const DASH = 5; // a lone separator: - | --
const BRACKETED = 6; // [thread], (context)
const COMPONENT = 7; // name: or name[pid]: that ends a header
const NAME = 8; // anything else

/** Tokens looked at; a header is short. */
const MAX_TOKENS = 16;
/** Words (host, program, node) a header may hold before its component, level or separator. */
const MAX_NAMES = 3;

const LEVEL_WORDS = new WordSet(
  'fatal panic critical crit emerg emergency alert error err severe warn warning info notice information debug trace fine finer finest verbose'
    .split(' '),
);
const CALENDAR_NAMES = new WordSet('jan feb mar apr may jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun'.split(' '));
/** Android's one-letter levels (V D I W E F), taken only between numbers and a component. */
const LETTER_LEVELS = new Map<string, LogLevel>([['V', 'debug'], ['D', 'debug'], ['I', 'info'], ['W', 'warn'], ['E', 'error'], ['F', 'fatal']]);

interface Token {
  start: number;
  end: number;
  kind: number;
}

// Scratch token list, reused between lines.
const tokens: Token[] = Array.from({ length: MAX_TOKENS }, () => ({ start: 0, end: 0, kind: 0 }));

/** Reads the header of one line (see the module comment). */
export function readHeader(line: string): Header {
  const first = line.charCodeAt(0);
  // Most messages without a header start with a letter that no header starts with.
  if (!(first <= 57 || first === 91 /* [ */ || first === 40 /* ( */ || isUpper(first) || (first >= 97 && first <= 122))) return NO_HEADER;
  const pipe = pipeHeader(line);
  if (pipe) return pipe;
  scanned = 0;
  scanEnd = 0;
  const first0 = kindAt(line, 0);
  // A message's first word: no header (the common case, decided on one token)
  if (first0 === NAME && !isDigit(line.charCodeAt(tokens[0]!.end + 1))) return NO_HEADER;

  let i = 0;
  let hasTime = false;
  let level: LogLevel | undefined;
  let glogLevel: LogLevel | undefined;
  let levelAt = -1;
  let component: string | undefined;
  let end = -1; // index of the last header token
  let done = false;
  // A file name or label in front of the time: "nova-api.log.1 2017-05-16 ...", "APPREAD 1117869872 2005.06.04"
  if (first0 === NAME && (kindAt(line, 1) === TIME || (kindAt(line, 1) === NUMBER && kindAt(line, 2) === TIME))) {
    end = 0;
    i = 1;
  }
  while (!done && kindAt(line, i) !== 0) {
    const t = tokens[i]!;
    switch (t.kind) {
      case TIME:
      case CALENDAR:
      case NUMBER:
        if (level !== undefined) {
          done = true;
          break;
        }
        hasTime ||= t.kind !== NUMBER;
        end = i++;
        break;
      case DASH:
        end = i++;
        if (level !== undefined || component !== undefined) done = true;
        break;
      case BRACKETED:
        end = i++;
        break;
      case LEVEL:
        // A one-letter level (Android) only right before its component
        if (level !== undefined || (t.end - t.start === 1 && kindAt(line, i + 1) !== COMPONENT)) {
          done = true;
          break;
        }
        // glog's I0501 is a level and a date: the time, pid and file:line follow
        if (t.end - t.start === 5 && isDigit(line.charCodeAt(t.start + 1))) {
          glogLevel = levelOf(line, t);
          hasTime = true;
        } else {
          level = levelOf(line, t);
          levelAt = i;
        }
        end = i++;
        break;
      case COMPONENT:
        if (!hasTime && level === undefined) {
          done = true;
          break;
        }
        component = componentName(line, t);
        end = i;
        done = true;
        break;
      default: {
        // A run of names counts only when what follows shows it is part of the header.
        if (!hasTime && level === undefined && end < 0) {
          done = true;
          break;
        }
        if (level !== undefined) {
          // After the level only a logger name and a separator: "INFO c.e.App - message"
          if (kindAt(line, i + 1) === DASH) {
            component = line.slice(t.start, t.end);
            end = i + 1;
          }
          done = true;
          break;
        }
        let r = i;
        while (r - i < MAX_NAMES && kindAt(line, r) === NAME) r++;
        const next = kindAt(line, r);
        if (next === COMPONENT) {
          component = componentName(line, tokens[r]!);
          end = r;
          done = true;
        } else if (next === DASH) {
          component = line.slice(t.start, t.end);
          end = r;
          i = r + 1;
        } else if (next === LEVEL || next === TIME || next === CALENDAR) {
          end = r - 1;
          i = r;
        } else done = true;
      }
    }
  }
  // Without a time, a bare level word is a header only with more after it ("ERROR [main] x: ..."
  // or "[ERROR] ..."); "ERROR IN CONTACTING RM." is a message.
  if (end < 0 || (!hasTime && (level === undefined || (end === levelAt && isBareWord(line, tokens[levelAt]!))))) return NO_HEADER;
  let start = tokens[end]!.end;
  while (start < line.length && line.charCodeAt(start) <= 32) start++;
  if (start >= line.length) return NO_HEADER;
  const header: Header = { messageStart: start };
  level ??= glogLevel;
  if (level) header.level = level;
  if (component) header.component = component;
  return header;
}

/** `20171223-22:15:29:606|Step_LSC|30002312|message`: fields joined by pipes, a time first. */
function pipeHeader(line: string): Header | undefined {
  // The first pipe, looked for where it may be: at 6 to 40, before any space
  let bar = 0;
  for (let c = line.charCodeAt(0); c !== 124 /* | */; c = line.charCodeAt(++bar)) {
    if (bar >= 40 || c === 32 || Number.isNaN(c)) return undefined;
  }
  if (bar < 6) return undefined;
  let space = line.indexOf(' ', bar);
  if (space < 0) space = line.length;
  if (kindOf(line, 0, bar) !== TIME) return undefined;
  const last = line.lastIndexOf('|', space);
  const second = line.indexOf('|', bar + 1);
  if (second < 0 || last + 1 >= line.length) return undefined;
  return { messageStart: last + 1, component: line.slice(bar + 1, second) };
}

// How many tokens of the current line are in `tokens`, and where the last one ended.
let scanned = 0;
let scanEnd = 0;

/**
 * The kind of the line's token i (0 past the end or past MAX_TOKENS), splitting the line into
 * tokens as far as needed: most lines are decided on their first token.
 */
function kindAt(line: string, i: number): number {
  if (i >= MAX_TOKENS) return 0;
  if (i < scanned) return tokens[i]!.kind;
  scanEnd = scan(line, scanEnd, i + 1);
  return i < scanned ? tokens[i]!.kind : 0;
}

/** Adds tokens from `from` until there are `want` (a bracket group spanning spaces is one); returns where it stopped. */
function scan(line: string, from: number, want: number): number {
  const len = line.length;
  let i = from;
  while (scanned < want) {
    while (i < len && line.charCodeAt(i) <= 32) i++;
    if (i >= len) break;
    let j = i;
    const open = line.charCodeAt(i);
    if (open === 91 /* [ */ || open === 40 /* ( */ || open === 60 /* < */) {
      // Up to the bracket that closes this one, across spaces: "[IPC Server handler 0 on 62270]"
      const close = open === 91 ? 93 : open === 40 ? 41 : 62;
      let depth = 0;
      for (; j < len && j - i < 200; j++) {
        const c = line.charCodeAt(j);
        if (c === open) depth++;
        else if (c === close && --depth === 0) break;
      }
      if (depth !== 0 || j >= len) j = i;
      else {
        j++;
        while (j < len && line.charCodeAt(j) > 32) j++;
      }
    }
    while (j < len && line.charCodeAt(j) > 32) j++;
    const t = tokens[scanned]!;
    t.start = i;
    t.end = j;
    t.kind = kindOf(line, i, j);
    scanned++;
    i = j;
  }
  return i;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function kindOf(line: string, s: number, e: number): number {
  const first = line.charCodeAt(s);
  const last = line.charCodeAt(e - 1);
  if (e - s <= 2 && (first === 45 /* - */ || first === 124 /* | */) && (e - s === 1 || last === first)) return DASH;
  if ((first === 91 || first === 40 || first === 60) && (last === 93 || last === 41 || last === 62 || last === 58 || last === 44)) {
    return bracketKind(line, s, e);
  }
  if (last === 58 /* : */ || (last === 93 && isFileLine(line, s, e))) {
    const kind = kindOf(line, s, e - 1);
    if (kind === NAME && e - s > 1) return COMPONENT;
    return kind;
  }
  // Strip brackets and trailing commas a time stamp may carry: "[10.30", "16:49:06]", "04:30:30,"
  let a = s;
  let b = e;
  while (a < b && (line.charCodeAt(a) === 91 || line.charCodeAt(a) === 40)) a++;
  for (let c = line.charCodeAt(b - 1); b > a && (c === 44 /* , */ || c === 93 /* ] */ || c === 41 /* ) */); c = line.charCodeAt(--b - 1));
  if (a >= b) return NAME;
  let digits = 0;
  let punctuation = 0;
  let letters = 0;
  for (let k = a; k < b; k++) {
    const c = line.charCodeAt(k);
    if (isDigit(c)) digits++;
    else if (c === 45 || c === 58 || c === 47 || c === 46 || c === 44 || c === 43 || c === 95) punctuation++;
    else if (c === 84 /* T */ || c === 90 /* Z */) letters++;
    else {
      letters = -1;
      break;
    }
  }
  if (letters >= 0 && digits > 0) {
    if (punctuation === 0 && letters === 0) return NUMBER;
    if (isAddress(line, a, b)) return NAME;
    if (digits >= 4 && (punctuation > 0 || letters > 0)) return TIME;
  }
  // Level and calendar words are short and made of letters.
  if (b - a > 11 || letters !== -1 || digits > 0) return NAME;
  if (b - a >= 2) {
    if (b - a <= 4 && CALENDAR_NAMES.find(line, a, b)) return CALENDAR;
    if (LEVEL_WORDS.find(line, a, b) && (noLowerCase(line, a, b) || isUpper(line.charCodeAt(a)) || a > s)) return LEVEL;
  }
  if (b - a === 1 && LETTER_LEVELS.has(line[a]!)) return LEVEL;
  // glog: I0501 (level letter and month-day)
  if (b - a === 5 && LETTER_LEVELS.has(line[a]!) && isDigit(line.charCodeAt(a + 1)) && isDigit(line.charCodeAt(a + 2)) && isDigit(line.charCodeAt(a + 3)) && isDigit(line.charCodeAt(a + 4))) return LEVEL;
  return NAME;
}

function isBareWord(line: string, t: Token): boolean {
  for (let k = t.start; k < t.end; k++) {
    const c = line.charCodeAt(k) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** An IPv4 address (with a port): a value, not a time. */
function isAddress(line: string, a: number, b: number): boolean {
  let dots = 0;
  for (let k = a; k < b; k++) {
    const c = line.charCodeAt(k);
    if (c === 46) dots++;
    else if (c === 58) break;
    else if (!isDigit(c)) return false;
  }
  return dots === 3;
}

/** `server.go:123]`: a source file and line that end a glog header. */
function isFileLine(line: string, s: number, e: number): boolean {
  const colon = line.lastIndexOf(':', e);
  if (colon <= s || colon >= e - 2) return false;
  for (let k = colon + 1; k < e - 1; k++) if (!isDigit(line.charCodeAt(k))) return false;
  return true;
}

/** What a bracketed group is: a time ("[Sun Dec 04 04:47:44 2005]"), a level ("[notice]"), or a thread. */
function bracketKind(line: string, s: number, e: number): number {
  let b = e;
  while (b > s && (line.charCodeAt(b - 1) === 58 /* : */ || line.charCodeAt(b - 1) === 44 /* , */)) b--;
  // The inside, without the brackets and the spaces next to them
  let a = s + 1;
  let z = b - 1;
  while (a < z && line.charCodeAt(a) <= 32) a++;
  while (z > a && line.charCodeAt(z - 1) <= 32) z--;
  if (a >= z) return BRACKETED;
  if (LEVEL_WORDS.find(line, a, z)) return LEVEL;
  let digits = false;
  for (let p = a; p < z;) {
    let q = p;
    while (q < z && line.charCodeAt(q) > 32) q++;
    const kind = kindOf(line, p, q);
    if (kind !== TIME && kind !== NUMBER && kind !== CALENDAR) return BRACKETED;
    for (let k = p; k < q && !digits; k++) digits = isDigit(line.charCodeAt(k));
    p = q;
    while (p < z && line.charCodeAt(p) <= 32) p++;
  }
  return digits ? TIME : BRACKETED;
}

function levelOf(line: string, t: Token): LogLevel | undefined {
  let a = t.start;
  let b = t.end;
  while (a < b && isOpener(line.charCodeAt(a))) a++;
  while (b > a && isCloser(line.charCodeAt(b - 1))) b--;
  const named = levelNamed(line, a, b);
  if (named) return named;
  const word = line.slice(a, b);
  // glog: I0501 is level I
  if (b - a === 5 && LETTER_LEVELS.has(word[0]!) && isDigit(word.charCodeAt(1)) && isDigit(word.charCodeAt(2)) && isDigit(word.charCodeAt(3)) && isDigit(word.charCodeAt(4))) {
    return LETTER_LEVELS.get(word[0]!);
  }
  return LETTER_LEVELS.get(word) ?? normalizeLevel(word);
}

/** `[ ( <` */
function isOpener(c: number): boolean {
  return c === 91 || c === 40 || c === 60;
}

/** `] ) > : ,` */
function isCloser(c: number): boolean {
  return c === 93 || c === 41 || c === 62 || c === 58 || c === 44;
}

/** `sshd[24200]:` -> sshd, `crond(pam_unix)[2915]:` -> crond(pam_unix), `server.go:123]` -> server.go */
function componentName(line: string, t: Token): string {
  const last = t.end - 1;
  if (line.charCodeAt(last) === 93 /* ] */ && line.charCodeAt(t.start) !== 91 /* [ */) return line.slice(t.start, line.lastIndexOf(':', last));
  let end = last;
  if (end > t.start && line.charCodeAt(end - 1) === 93) {
    const pid = line.lastIndexOf('[', end - 1);
    if (pid > t.start) end = pid;
  }
  return line.slice(t.start, end);
}
