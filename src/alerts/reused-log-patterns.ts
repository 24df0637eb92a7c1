/**
 * A new-log-patterns source (live-sources.ts) whose answer is reused for the same suspects: the
 * cockpit ranks its likely causes every few refreshes, and reading each suspect's lines again
 * (thousands per window) every 15 seconds would cost Loki far more than a count of new patterns
 * is worth. Other suspects, or an answer older than `maxAgeMs`, are read afresh; a read that failed
 * or was given up is not kept.
 *
 * Rankings can overlap (a slow Loki, a refresh before the last ranking finished), and each gives up
 * what it still waits for when its own budget ends: a read in flight is shared by every ranking
 * asking for the same suspects, and given up (aborted) only once all of them have stopped waiting.
 */
import type { EvidenceOptions } from './live.js';

type NewLogPatterns = NonNullable<EvidenceOptions['newLogPatterns']>;

interface Read {
  suspects: string;
  at: number;
  answer: ReturnType<NewLogPatterns>;
  settled: boolean;
  waiting: number;
  abort: () => void;
}

export function reusedLogPatterns(source: NewLogPatterns, o: { maxAgeMs: number; now: () => number }): NewLogPatterns {
  let last: Read | undefined;
  const forget = (read: Read) => {
    if (last === read) last = undefined;
  };
  const start = (services: string[], window: Parameters<NewLogPatterns>[1], suspects: string): Read => {
    const controller = new AbortController();
    const read: Read = { suspects, at: o.now(), answer: source(services, window, controller.signal), settled: false, waiting: 0, abort: () => controller.abort() };
    read.answer.then(() => (read.settled = true), () => forget(read));
    return read;
  };
  return (services, window, signal) => {
    const suspects = [...services].sort().join('\u0000');
    const fresh = last && last.suspects === suspects && o.now() - last.at < o.maxAgeMs;
    const read = fresh ? last! : (last = start(services, window, suspects));
    if (read.settled) return read.answer;
    read.waiting++;
    const stopWaiting = () => {
      if (--read.waiting > 0 || read.settled) return;
      // Forgotten at once, not when the abort's rejection arrives: a ranking starting meanwhile reads afresh.
      forget(read);
      read.abort();
    };
    if (signal.aborted) stopWaiting();
    else {
      signal.addEventListener('abort', stopWaiting, { once: true });
      const done = () => signal.removeEventListener('abort', stopWaiting);
      read.answer.then(done, done);
    }
    return read.answer;
  };
}
