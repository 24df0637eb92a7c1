/**
 * Incident IDs look like `inc-20261123-a7f`: the UTC day it was opened and a short random
 * suffix from an alphabet without look-alikes (no 0/o, 1/l/i), so it can be read over a call
 * and typed. The suffix alone (`a7f`) is accepted wherever an ID is.
 */

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const ID = /^inc-\d{8}-[2-9a-hjkmnp-z]{3,8}$/;

/** `random` returns an integer in [0, n); `length` grows when the store meets collisions. */
export function newIncidentId(now: number, random: (n: number) => number, length = 3): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += ALPHABET[random(ALPHABET.length)];
  return `inc-${day}-${suffix}`;
}

export function isIncidentId(text: string): boolean {
  return ID.test(text);
}

export type RefResolution = { id: string } | { error: 'not-found' | 'ambiguous'; candidates: string[] };

/** Resolve a full ID, or the random suffix of one, or the date and suffix (`20261123-a7f`). */
export function resolveIncidentRef(ref: string, ids: readonly string[]): RefResolution {
  const r = ref.trim().toLowerCase();
  if (ids.includes(r)) return { id: r };
  const candidates = r === '' ? [] : ids.filter((id) => id.endsWith(`-${r}`));
  if (candidates.length === 1) return { id: candidates[0] };
  return { error: candidates.length ? 'ambiguous' : 'not-found', candidates };
}
