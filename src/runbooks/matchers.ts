import type { LabelMatcher } from './types.js';

/**
 * Label matchers in the Prometheus/Alertmanager syntax: `name="v"`, `name!="v"`, `name=~"re"`,
 * `name!~"re"`. Values may be unquoted when they have no spaces. Regexes are anchored at both
 * ends, and a missing label has the value "", as in Prometheus.
 */
const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export function parseMatcher(text: string): LabelMatcher | { error: string } {
  const m = MATCHER.exec(text);
  if (!m) return { error: `"${text}" is not a label matcher: expected e.g. severity="page" or service=~"pay.*"` };
  const [, name, op, rawValue] = m;
  let value: string;
  if (rawValue.startsWith('"')) {
    try {
      value = JSON.parse(rawValue) as string;
      if (typeof value !== 'string') throw new Error();
    } catch {
      return { error: `the value in "${text}" is not a well-formed double-quoted string` };
    }
  } else if (/^[^\s"'=!~]*$/.test(rawValue)) {
    value = rawValue;
  } else {
    return { error: `quote the value in "${text}"` };
  }
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(`^(?:${value})$`);
    } catch (err) {
      return { error: `bad regex in "${text}": ${(err as Error).message}` };
    }
  }
  return { name, op: op as LabelMatcher['op'], value, text: text.trim() };
}

export function matchesLabels(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(actual);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(actual);
  }
}
