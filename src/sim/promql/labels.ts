/** Label sets and matchers with Prometheus semantics (a missing label reads as ""). */

export type Labels = Readonly<Record<string, string>>;

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
  /** compiled, anchored regex for =~ and !~ */
  re?: RegExp;
}

/** RE2-style anchored regex; a leading (?i) becomes the i flag (JS has no inline flags). */
export function compileRegex(source: string): RegExp {
  let flags = '';
  let body = source;
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    body = body.slice(inline[0].length);
  }
  return new RegExp(`^(?:${body})$`, flags);
}

export function matcher(name: string, type: MatchType, value: string): Matcher {
  const m: Matcher = { name, type, value };
  if (type === '=~' || type === '!~') m.re = compileRegex(value);
  return m;
}

export function matches(m: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.type) {
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

export function matchesAll(ms: readonly Matcher[], labels: Labels): boolean {
  for (const m of ms) if (!matches(m, labels[m.name])) return false;
  return true;
}

/** A stable identity for a label set: sorted names and values, separated by bytes that cannot occur in UTF-8 text. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const n of names) key += `${n}\u00ff${labels[n]}\u00fe`;
  return key;
}

const sortKeys = new WeakMap<Labels, string>();

/** A string whose plain comparison orders label sets like labels.Compare (cached per label object). */
function sortKey(labels: Labels): string {
  let key = sortKeys.get(labels);
  if (key === undefined) {
    key = '';
    for (const n of Object.keys(labels).sort()) key += `${n}\u0000${labels[n]}\u0000`;
    sortKeys.set(labels, key);
  }
  return key;
}

/** Prometheus labels.Compare: label by label in name order (name, then value), a prefix first. */
export function compareLabels(a: Labels, b: Labels): number {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The same labels with keys in name order, as Prometheus and Alertmanager write them in JSON. */
export function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export function withoutName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const out: Record<string, string> = { ...labels };
  delete out.__name__;
  return out;
}

/** Only the named labels (those present). */
export function keepLabels(labels: Labels, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n];
  return out;
}

/** All labels except the named ones. */
export function dropLabels(labels: Labels, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  for (const n of names) delete out[n];
  return out;
}

/** Go's %q-ish rendering of a label set, as Prometheus prints it in errors: {a="1", b="2"}. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
}
