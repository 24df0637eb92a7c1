/**
 * Go RE2 patterns as JavaScript RegExps: `(?P<name>` groups and leading inline flags such as `(?i)`.
 * Anchored patterns (label matchers) must match the whole value, as in Prometheus and Loki.
 */
export function compileRegExp(pattern: string, anchored = false): RegExp {
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = 's';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('m')) flags += 'm';
  }
  return new RegExp(anchored ? `^(?:${source})$` : source, flags);
}
