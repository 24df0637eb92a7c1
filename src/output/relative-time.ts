/** "3m ago", "2h ago", "in 5m" — coarse, for tables. */
export function ago(t: number, now: number): string {
  if (!Number.isFinite(t)) return '—';
  const d = now - t;
  const abs = Math.abs(d);
  const text = abs < 60_000 ? `${Math.round(abs / 1000)}s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)}m` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)}h` : `${Math.round(abs / 86_400_000)}d`;
  return d >= 0 ? `${text} ago` : `in ${text}`;
}
