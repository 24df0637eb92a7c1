/**
 * One time budget for all the waiting an analysis does on its evidence, however many stages it
 * waits in: the clock runs only while something is waited for, and waits that overlap count once.
 * A source still unanswered when the budget is spent is given up (whether its request is aborted
 * is the caller's to decide: live.ts aborts the log reads and trace searches), so `--evidence-budget 1500ms` holds the ranking back 1.5 s at most in all.
 */
import { formatDuration } from '../time/time.js';

export type WaitWithin = <T>(source: string, answer: Promise<T>) => Promise<T>;

/** `wait(source, answer)`: the answer, or a rejection naming `source` once the budget is spent. No budget: the answer, however late. */
export function waitingBudget(ms: number | undefined, clock: () => number = () => performance.now()): WaitWithin {
  let spent = 0;
  let waiting = 0;
  let since = 0;
  return async <T>(source: string, answer: Promise<T>): Promise<T> => {
    if (ms === undefined) return answer;
    if (waiting++ === 0) since = clock();
    const left = Math.max(0, ms - spent - (clock() - since));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${source} skipped: no answer within ${formatDuration(ms)} (the time budget, for all evidence)`)), left);
      timer.unref();
    });
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
      if (--waiting === 0) spent += clock() - since;
    }
  };
}
