/**
 * The LogQL stream selector for the streams whose `label` has one of `values`: an equality for one
 * value, an anchored regex of the escaped values for several.
 */
export function streamSelector(label: string, values: readonly string[]): string {
  if (values.length === 1) return `{${label}=${JSON.stringify(values[0])}}`;
  return `{${label}=~${JSON.stringify(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}}`;
}
