/** Does the terminal take UTF-8? Decided from the locale variables, like most terminal programs. */
export function isUtf8(env: NodeJS.ProcessEnv): boolean {
  if (env.TERM === 'dumb' || env.TERM === 'linux') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (!locale) return true;
  return /utf-?8/i.test(locale);
}
