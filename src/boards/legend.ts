/**
 * The name of a series in a legend or table: the query's template with {{label}} replaced, or,
 * without a template, the label set as Prometheus prints it. The result still holds text from
 * outside (label values): sanitise it before it reaches a terminal.
 */
export function seriesName(labels: Record<string, string>, template?: string): string {
  if (template) return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  const name = labels.__name__ ?? '';
  const pairs = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  if (pairs.length === 0) return name || '{}';
  return `${name}{${pairs.join(', ')}}`;
}
