/**
 * Paging a log query past Loki's per-request entry limit without losing or repeating a line.
 *
 * A real Loki's full page is not the newest (or oldest) `limit` lines of the window: measured on
 * Loki 3.4, a full page holds a prefix of each stream, but one stream may stop well before the
 * others, so resuming from the page's last timestamp skips lines (1,110 of 60,615 in the test).
 * What is sound is a page that is NOT full: it holds every line of its window. So this pages by
 * time windows, sized from the density seen so far to come back about two-thirds full; a full
 * page is never trusted: its window shrinks to where two-thirds of its lines lie and is asked
 * again. Each window's lines are yielded in order, so callers can stream them. Only a single millisecond holding more lines than one request
 * may return cannot be read whole: that is reported as truncation with a warning.
 *
 * A real Loki 3.4 also drops lines AT a request's start when they lie in more than one chunk: asked
 * for [t, u) it returned 520 of the 1,200 lines a stream had at t (also with t a whole millisecond
 * and u = t + 1ms or 2ms), asked for [t - 1ns, u) or [t - 1ms + 1ns, u) all of them. So windows
 * start on whole milliseconds and are asked from one nanosecond earlier, in the millisecond before
 * (requestWindow), and the lines before the window's start are dropped again.
 */
import type { Direction, LogEntry } from './types.js';

export interface PageWindow {
  /** Unix ns, inclusive. */
  start: bigint;
  /** Unix ns, exclusive. */
  end: bigint;
}

/** One request: the lines of `window` (at most `limit`), ordered in the paging's direction as mergeStreams orders them. */
export type FetchPage = (window: PageWindow, limit: number) => Promise<LogEntry[]>;

export interface PagingOptions extends PageWindow {
  direction: Direction;
  /** Most lines to yield in all. */
  want: number;
  /** The most lines one request may ask for (Loki's max_entries_limit_per_query). */
  maxPerRequest: number;
}

/** What the paging found besides the lines; filled in as it goes, final when the iteration ends. */
export interface PagingReport {
  /** Stopped at `want` while the range held more, or lines at a crowded timestamp were out of reach. */
  truncated: boolean;
  warnings: string[];
  requests: number;
}

/** How full a window is aimed to come back: room for the rate to vary without a wasted request. */
const TARGET_FILL = 0.66;
/** A window grows at most this much from one request to the next (an empty one, by the square). */
const MAX_GROWTH = 8n;

/**
 * The lines of [start, end) in `direction`, at most `want`, as one array per window. `first`, when
 * given, is the answer already fetched for the whole range, asked as `requestWindow` asks a window,
 * with limit `firstLimit`.
 */
export async function* pageLogs(fetchPage: FetchPage, o: PagingOptions, report: PagingReport, first?: LogEntry[]): AsyncGenerator<LogEntry[]> {
  const forward = o.direction === 'forward';
  let cursor = forward ? o.start : o.end;
  const edge = forward ? o.end : o.start;
  let span = o.end - o.start;
  let left = o.want;
  const ahead = () => (forward ? cursor < edge : cursor > edge);
  const next = () => {
    const room = forward ? edge - cursor : cursor - edge;
    const s = span > room ? room : span < GRAIN ? GRAIN : span;
    return { window: forward ? { start: cursor, end: onGrain(cursor, cursor + s, edge) } : { start: onGrain(cursor, cursor - s, edge), end: cursor }, limit: firstLimit(left, o.maxPerRequest) };
  };
  // The request for the next window goes out before this window's lines are handed over, so
  // Loki works while the caller writes.
  let inflight: { key: string; page: Promise<LogEntry[]> } | undefined;
  if (first) {
    report.requests++;
    inflight = { key: keyOf(next()), page: Promise.resolve(first) };
  }
  const ask = (r: ReturnType<typeof next>) => {
    report.requests++;
    const page = fetchPage(requestWindow(r.window), r.limit);
    page.catch(() => {}); // awaited below, or dropped when the caller stops early
    return { key: keyOf(r), page };
  };

  while (left > 0 && ahead()) {
    const r = next();
    const { window, limit } = r;
    span = window.end - window.start;
    if (inflight?.key !== keyOf(r)) inflight = ask(r);
    const answer = await inflight.page;
    inflight = undefined;
    // Full or not as Loki answered; then without the lines before the window (see requestWindow).
    const full = answer.length >= limit;
    const page = fromStart(answer, window.start, forward);

    if (full) {
      // Not to be trusted. Ask again for the part before the line at TARGET_FILL of this page
      // (through it, when the page's first timestamp is that far): it holds at least those lines,
      // and likely not many more. At most half the window.
      const seen = page.length > 0 ? page : answer;
      const firstTs = BigInt(seen[0]!.ts);
      const q = BigInt(seen[Math.floor(seen.length * TARGET_FILL)]!.ts);
      const through = q === firstTs ? 1n : 0n;
      const reached = forward ? q - window.start + through : window.end - q - 1n + through;
      span = reached < 1n ? 1n : reached < span / 2n ? reached : span / 2n;
      const smaller = next().window;
      if (smaller.end - smaller.start < window.end - window.start) continue;
      span = window.end - window.start;
    }
    const lines = page.length > left ? page.slice(0, left) : page;
    // A page that is not full holds its whole window: lines beyond `left` mean the range had more.
    if (page.length > left) report.truncated = true;
    if (full) {
      // One millisecond with more lines than a request returns.
      report.truncated = true;
      if (lines.length === page.length) report.warnings.push(`at least ${page.length} lines fall within one millisecond from ${window.start} ns, as many as Loki returns per request; some of them may be missing`);
    }
    left -= lines.length;
    cursor = forward ? window.end : window.start;
    // Aim the next window at TARGET_FILL of the next request's limit, from this one's density.
    const aim = BigInt(Math.max(1, Math.floor(firstLimit(left, o.maxPerRequest) * TARGET_FILL)));
    const grown = lines.length === 0 ? span * MAX_GROWTH * MAX_GROWTH : (span * aim) / BigInt(lines.length);
    span = lines.length > 0 && grown > span * MAX_GROWTH ? span * MAX_GROWTH : grown < 1n ? 1n : grown;
    if (left > 0 && ahead()) inflight = ask(next());
    if (lines.length) yield lines;
  }
  if (left === 0 && ahead() && !report.truncated) {
    // Exactly `want` lines so far: one line past the cursor says whether the range had more.
    report.requests++;
    report.truncated = (await fetchPage(forward ? { start: cursor, end: edge } : { start: edge, end: cursor }, 1)).length > 0;
  }
}

/** Windows are whole milliseconds (but at the range's own edges), and asked from 1ns before (requestWindow). */
const GRAIN = 1_000_000n;

/**
 * The far edge of a window from `cursor` towards `edge`, moved back onto a millisecond boundary
 * when that leaves the window some room (and when the range goes on past it).
 */
function onGrain(cursor: bigint, far: bigint, edge: bigint): bigint {
  const forward = far > cursor;
  if (forward ? far >= edge : far <= edge) return edge;
  const rest = far % GRAIN;
  const aligned = forward ? far - rest : rest === 0n ? far : far - rest + GRAIN;
  if (forward ? aligned > cursor : aligned < cursor) return aligned;
  const wider = forward ? aligned + GRAIN : aligned - GRAIN;
  return forward ? (wider < edge ? wider : edge) : wider > edge ? wider : edge;
}

/** The window to ask Loki for, to get every line of `window`: from one nanosecond before its start. */
export function requestWindow(window: PageWindow): PageWindow {
  return { start: window.start > 0n ? window.start - 1n : window.start, end: window.end };
}

/** `page` without the lines before `start` (at its beginning forward, at its end backward). */
function fromStart(page: LogEntry[], start: bigint, forward: boolean): LogEntry[] {
  if (forward) {
    let k = 0;
    while (k < page.length && BigInt(page[k]!.ts) < start) k++;
    return k === 0 ? page : page.slice(k);
  }
  let k = page.length;
  while (k > 0 && BigInt(page[k - 1]!.ts) < start) k--;
  return k === page.length ? page : page.slice(0, k);
}

function keyOf(r: { window: PageWindow; limit: number }): string {
  return `${r.window.start}-${r.window.end}-${r.limit}`;
}

/**
 * The limit of a request while `want` lines are still wanted: room for twice as many (a window that
 * is not full is whole, so its first `want` lines are exact, and any beyond say the range had
 * more), within what the server allows.
 */
export function firstLimit(want: number, maxPerRequest: number): number {
  return Math.min(maxPerRequest, 2 * want + 1);
}
