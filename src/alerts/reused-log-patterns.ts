/**
 * A new-log-patterns source (live-sources.ts) whose answer is reused for the same suspects: the
 * cockpit ranks its likely causes every few refreshes, and reading each suspect's lines again
 * (thousands per window) every 15 seconds would cost Loki far more than a count of new patterns
 * is worth. Other suspects, or an answer older than `maxAgeMs`, are read afresh; a read that failed
 * or was given up (aborted when its ranking stopped waiting) is not kept.
 */
import type { EvidenceOptions } from './live.js';

type NewLogPatterns = NonNullable<EvidenceOptions['newLogPatterns']>;

export function reusedLogPatterns(source: NewLogPatterns, o: { maxAgeMs: number; now: () => number }): NewLogPatterns {
  let last: { suspects: string; at: number; answer: ReturnType<NewLogPatterns> } | undefined;
  return (services, window, signal) => {
    const suspects = [...services].sort().join('\u0000');
    if (last && last.suspects === suspects && o.now() - last.at < o.maxAgeMs) return last.answer;
    const answer = source(services, window, signal);
    const kept = (last = { suspects, at: o.now(), answer });
    answer.catch(() => {
      if (last === kept) last = undefined;
    });
    return answer;
  };
}
