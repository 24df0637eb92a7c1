/** Prometheus sends sample values as strings so that NaN and ±Inf survive JSON. */
export function parseSampleValue(v: string | number): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    default:
      return Number(v);
  }
}

/** The inverse, for output that must round-trip (JSON keeps the Prometheus spelling). */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
