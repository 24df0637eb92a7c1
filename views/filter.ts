import { sanitize } from '../src/output/sanitize.js';

/**
 * The `/` filter: a case-insensitive regex; a leading `!` keeps what does NOT match. An invalid
 * regex is matched as plain text, so typing never breaks the screen.
 */
export function makeFilter(text: string): (s: string) => boolean {
  if (!text) return () => true;
  const inverse = text.startsWith('!');
  const body = inverse ? text.slice(1) : text;
  let test: (s: string) => boolean;
  try {
    const re = new RegExp(body, 'i');
    test = (s) => re.test(s);
  } catch {
    const lower = body.toLowerCase();
    test = (s) => s.toLowerCase().includes(lower);
  }
  return inverse ? (s) => !test(s) : test;
}

/**
 * What a list says when the filter hid every one of its `total` rows, so an empty list never reads
 * as "nothing there": "3 firing alerts, none match /zzz/ (esc clears)". Undefined when the filter
 * hid nothing.
 */
export function hiddenByFilter(total: number, what: string, filter: string): string | undefined {
  if (!filter || total === 0) return undefined;
  return `${total} ${what}${total === 1 ? '' : 's'}, none match /${sanitize(filter, { maxLength: 40 })}/ (esc clears)`;
}

/** A list's count for its title: "3", or "1 of 3" while the filter hides some rows. */
export function shownOf(shown: number, total: number): string {
  return shown === total ? String(shown) : `${shown} of ${total}`;
}
