/**
 * Long IDs (silence UUIDs) shown and accepted as git shows commits: the shortest prefix, of at
 * least `min` characters, that no other known ID shares.
 */

/** Each ID's shortest unique prefix of at least `min` characters (the whole ID when it is shorter). */
export function uniquePrefixes(ids: readonly string[], min = 8): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const shared = (a = '', b = '') => {
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  return new Map(sorted.map((id, i) => [id, id.slice(0, Math.max(min, shared(id, sorted[i - 1]) + 1, shared(id, sorted[i + 1]) + 1))]));
}

export type IdResolution = { id: string } | { error: 'not-found' | 'ambiguous'; candidates: string[] };

/** The one known ID equal to `input` or starting with it. */
export function resolveIdPrefix(input: string, ids: readonly string[]): IdResolution {
  const wanted = input.trim().toLowerCase();
  const exact = ids.find((id) => id.toLowerCase() === wanted);
  if (exact) return { id: exact };
  const candidates = wanted === '' ? [] : ids.filter((id) => id.toLowerCase().startsWith(wanted));
  if (candidates.length === 1) return { id: candidates[0] };
  return { error: candidates.length ? 'ambiguous' : 'not-found', candidates };
}
