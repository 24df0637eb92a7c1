import type { Key as InkKey } from 'ink';

/** One key press, in Ink's words. */
export type KeyFlags = Partial<Pick<InkKey, 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'return' | 'escape' | 'tab' | 'shift' | 'backspace' | 'delete' | 'ctrl' | 'meta'>>;
export interface Key {
  input: string;
  key: KeyFlags;
}

/** A handler of one key; true when it used the key, so nothing else handles it. */
export type KeyHandler = (input: string, key: KeyFlags) => boolean | void;

/**
 * Ink hands over what arrived in one read: a run of typed-ahead text (":slo\r", "jjj") comes as
 * one string. Split it into the key presses it was, so each is handled alone, in order.
 */
export function splitKeys(input: string, key: KeyFlags): Key[] {
  const chars = [...input];
  if (chars.length <= 1 || input.startsWith('\x1b')) return [{ input, key }];
  return chars.map(charKey);
}

function charKey(c: string): Key {
  if (c === '\r' || c === '\n') return { input: '', key: { return: true } };
  if (c === '\t') return { input: '', key: { tab: true } };
  if (c === '\x7f' || c === '\b') return { input: '', key: { backspace: true } };
  const code = c.charCodeAt(0);
  // ctrl-A..ctrl-Z, as Ink names them
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ctrl: true } };
  if (code < 32) return { input: '', key: {} };
  return { input: c, key: /[A-Z]/.test(c) ? { shift: true } : {} };
}
