import { sanitize } from './sanitize.js';

/** `name{a="1", b="2"}` as Prometheus prints a series; values sanitised. */
export function formatSeriesName(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(sanitize(rest[k], { maxLength: 200 }))}`)
    .join(', ');
  return `${sanitize(name, { maxLength: 200 })}{${inner}}`;
}
