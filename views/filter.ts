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
