/** "3m ago", "2h ago", "in 5m" — coarse, for tables. */
export function ago(t: number, now: number): string {
  if (!Number.isFinite(t)) return '—';
  const d = now - t;
  const abs = Math.abs(d);
  const text = abs < 60_000 ? `${Math.round(abs / 1000)}s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)}m` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)}h` : `${Math.round(abs / 86_400_000)}d`;
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

/** Up to this far in the future, a start time is ordinary drift between two hosts' clocks. */
const DRIFT_MS = 30_000;

/**
 * How long ago something started, for SINCE columns: "3m ago". A start in the future can only be
 * a clock ahead of ours (the sender's, or ours behind), so it reads "skew 56m" (how far ahead),
 * never "in 56m"; within 30 s it is drift between hosts and reads "0s ago".
 */
export function since(t: number, now: number): string {
  if (t <= now + DRIFT_MS) return ago(Math.min(t, now), now);
  return `skew ${ago(now, t).replace(' ago', '')}`;
}
