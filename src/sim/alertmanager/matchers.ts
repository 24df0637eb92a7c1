/** Alertmanager label matchers: the filter= syntax, silence matchers, and AM's filter semantics. */
import { type Labels, type Matcher, type MatchType, matcher, matches } from '../promql/labels.js';

/** `name="value"`, `name=~"re"`, quotes optional, as in `?filter=`. Throws with AM's message on bad input. */
export function parseFilter(text: string): Matcher {
  const m = /^\s*\{?\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*\}?\s*$/.exec(text);
  if (!m) throw new Error(`bad matcher format: ${text}`);
  let value = m[3];
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) throw new Error(`bad matcher format: ${text}`);
    try {
      value = JSON.parse(value) as string;
    } catch {
      throw new Error(`bad matcher format: ${text}`);
    }
  }
  try {
    return matcher(m[1], m[2] as MatchType, value);
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message}`);
  }
}

/** AM's filter semantics: a matcher for "" on a missing label (or != "" on a present one) is ignored. */
export function matchesFilter(matchers: Matcher[], labels: Labels): boolean {
  for (const m of matchers) {
    const present = m.name in labels;
    const v = labels[m.name] ?? '';
    if (m.type === '!=' || m.type === '!~') {
      if (m.value === '' && present) continue;
    } else if (m.value === '' && !present) continue;
    if (!matches(m, v)) return false;
  }
  return true;
}

/** Plain label matching (silences, routes, inhibition): a missing label reads as "". */
export function matchesAll(matchers: Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matches(m, labels[m.name]));
}
