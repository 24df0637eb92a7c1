/** Alertmanager label matchers: the filter= syntax, silence matchers, and AM's filter semantics. */
import { compileRegex, type Labels } from '../promql/labels.js';

export type Op = '=' | '!=' | '=~' | '!~';

export interface AmMatcher {
  name: string;
  op: Op;
  value: string;
  re?: RegExp;
}

export function amMatcher(name: string, op: Op, value: string): AmMatcher {
  return { name, op, value, re: op === '=~' || op === '!~' ? compileRegex(value) : undefined };
}

export function matchesValue(m: AmMatcher, v: string): boolean {
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

/** `name="value"`, `name=~"re"`, quotes optional, as in `?filter=`. Throws with AM's message on bad input. */
export function parseFilter(text: string): AmMatcher {
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
    return amMatcher(m[1], m[2] as Op, value);
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message}`);
  }
}

/** AM's filter semantics: a matcher for "" on a missing label (or != "" on a present one) is ignored. */
export function matchesFilter(matchers: AmMatcher[], labels: Labels): boolean {
  for (const m of matchers) {
    const present = m.name in labels;
    const v = labels[m.name] ?? '';
    if (m.op === '!=' || m.op === '!~') {
      if (m.value === '' && present) continue;
    } else if (m.value === '' && !present) continue;
    if (!matchesValue(m, v)) return false;
  }
  return true;
}

/** Plain label matching (silences, routes, inhibition): a missing label reads as "". */
export function matchesAll(matchers: AmMatcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesValue(m, labels[m.name] ?? ''));
}
