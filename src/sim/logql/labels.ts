import type { LabelMatcher, Labels } from './ast.js';
import { compileRegExp } from './regex.js';

const keys = new WeakMap<Labels, string>();

/** A stable identity for a label set: sorted name/value pairs. Label sets are not mutated once made, so keys are kept. */
export function labelsKey(labels: Labels): string {
  let key = keys.get(labels);
  if (key === undefined) {
    key = Object.keys(labels)
      .sort()
      .map((k) => `${k}\u0000${labels[k]}`)
      .join('\u0001');
    keys.set(labels, key);
  }
  return key;
}

/** Labels with names in sorted order, as Loki prints them. */
export function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}

/** Loki's rule for names taken from log content: only [a-zA-Z0-9_], and no leading digit. */
export function sanitizeLabelName(name: string, isPrefix = true): string {
  let out = name.replace(/[^a-zA-Z0-9_]/g, '_');
  if (isPrefix && /^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** Compile a label matcher; regex matchers are fully anchored, as in Prometheus and Loki. */
export function compileMatcher(m: LabelMatcher): (labels: Labels) => boolean {
  switch (m.op) {
    case '=':
      return (l) => (l[m.name] ?? '') === m.value;
    case '!=':
      return (l) => (l[m.name] ?? '') !== m.value;
    case '=~': {
      const re = compileRegExp(m.value, true);
      return (l) => re.test(l[m.name] ?? '');
    }
    case '!~': {
      const re = compileRegExp(m.value, true);
      return (l) => !re.test(l[m.name] ?? '');
    }
  }
}

export function matchesAll(matchers: LabelMatcher[]): (labels: Labels) => boolean {
  const tests = matchers.map(compileMatcher);
  return (labels) => tests.every((t) => t(labels));
}
