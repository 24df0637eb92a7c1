/** A span duration for people: 512µs, 7.34ms, 734ms, 1.23s, 2m05s. */
export function formatMicros(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1e6) return `${trimPrecision(us / 1000)}ms`;
  if (us < 60e6) return `${trimPrecision(us / 1e6)}s`;
  const s = Math.round(us / 1e6);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function trimPrecision(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Number(n.toPrecision(3)));
}
