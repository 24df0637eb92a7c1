/**
 * The one sanitiser for text that came from outside (log lines, label values, span names,
 * annotations). Whatever it returns can be written to a terminal without moving the cursor,
 * changing the title, writing the clipboard or hiding text.
 */

export interface SanitizeOptions {
  /** Keep line breaks (as \n). Default false: a line break becomes a visible "↵". */
  multiline?: boolean;
  /** Cut the result to this many UTF-16 units and add "…". Default 4096. 0 means no cap. */
  maxLength?: number;
}

// ESC-introduced sequences: CSI, OSC/DCS/APC/PM/SOS strings (to BEL or ST), and two-byte escapes.
const ESCAPE_SEQUENCE =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
// Bidi embeddings, overrides and isolates, and zero-width characters that hide or reorder text.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u180e]/g;
// Remaining C0 and C1 controls, DEL, and lone surrogates (invalid UTF-16 from invalid UTF-8).
const CONTROL = /[\x00-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const DEFAULT_MAX = 4096;

export function sanitize(text: unknown, options: SanitizeOptions = {}): string {
  let s = typeof text === 'string' ? text : text == null ? '' : String(text);
  const max = options.maxLength ?? DEFAULT_MAX;
  // Cut before the regexes run so a 1 MB line costs no more than a short one; keep some slack
  // because escape sequences removed below shorten the text.
  if (max > 0 && s.length > max * 4) s = s.slice(0, max * 4);
  s = s.replace(ESCAPE_SEQUENCE, '').replace(INVISIBLE, '');
  s = s.replace(CONTROL, (c) => {
    if (c === '\n') return options.multiline ? '\n' : '↵';
    if (c === '\t') return ' ';
    if (c === '\r') return '';
    if (c.length === 1 && c.charCodeAt(0) < 0xd800) return '';
    return '\ufffd';
  });
  if (max > 0 && s.length > max) s = s.slice(0, max - 1) + '…';
  return s;
}

/** Sanitise every value of a label set. */
export function sanitizeLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) out[sanitize(k, { maxLength: 256 })] = sanitize(v, { maxLength: 1024 });
  return out;
}
