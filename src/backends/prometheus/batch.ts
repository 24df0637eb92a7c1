/**
 * Queries asked together for the same instant (or the same range) travel as one PromQL query: each
 * is tagged by label_replace with its own value of one label, the tagged answers are joined with
 * `or`, and the series are handed back to each query by their tag. An SLO evaluation asks a dozen
 * queries per SLO, the overview a few per naming convention, all at once; batched, they cost a
 * handful of requests instead of hundreds.
 *
 * A batch the server refuses (a query that is not an instant vector, a length limit) is asked again
 * query by query, so the refusal reaches the query that caused it and the others still answer.
 */
import { BackendError } from '../../http/errors.js';

/** A query at a point or over a range named by `at`; answers whose series carry labels. */
export type BatchableQuery<At, S extends { labels: Record<string, string> }> = (promql: string, at: At) => Promise<{ series: S[] }>;

/** The label that carries each query's index through the joined query. */
export const BATCH_LABEL = 'obs_batch_query';

export interface BatchOptions {
  /** Queries joined into one request at most. */
  maxQueries?: number;
  /** PromQL characters in one request at most (sent as a form body, so well under servers' limits). */
  maxChars?: number;
}

interface Pending<R> {
  promql: string;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export function batchedQuery<At, S extends { labels: Record<string, string> }>(query: BatchableQuery<At, S>, options: BatchOptions = {}): BatchableQuery<At, S> {
  type R = { series: S[] };
  const maxQueries = options.maxQueries ?? 100;
  const maxChars = options.maxChars ?? 60_000;
  // Keyed by the instant or range as text, so equal ranges given as different objects share a batch.
  const waiting = new Map<string, { at: At; pending: Pending<R>[] }>();

  const flush = (key: string): void => {
    const batch = waiting.get(key);
    waiting.delete(key);
    if (!batch) return;
    for (const chunk of chunks(batch.pending, maxQueries, maxChars)) void send(query, chunk, batch.at);
  };

  return (promql, at) =>
    new Promise<R>((resolve, reject) => {
      const key = JSON.stringify(at);
      const batch = waiting.get(key);
      if (batch) batch.pending.push({ promql, resolve, reject });
      else {
        waiting.set(key, { at, pending: [{ promql, resolve, reject }] });
        // Everything asked in this turn of the event loop goes in the same batch.
        setImmediate(() => flush(key));
      }
    });
}

function* chunks<R>(pending: Pending<R>[], maxQueries: number, maxChars: number): Generator<Pending<R>[]> {
  let chunk: Pending<R>[] = [];
  let chars = 0;
  for (const p of pending) {
    if (chunk.length > 0 && (chunk.length >= maxQueries || chars + p.promql.length > maxChars)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(p);
    chars += p.promql.length + 60;
  }
  if (chunk.length > 0) yield chunk;
}

async function send<At, S extends { labels: Record<string, string> }>(query: BatchableQuery<At, S>, chunk: Pending<{ series: S[] }>[], at: At): Promise<void> {
  const distinct = [...new Set(chunk.map((p) => p.promql))];
  if (distinct.length === 1) return settle(chunk, () => query(distinct[0], at));
  let answer: { series: S[] };
  try {
    answer = await query(joined(distinct), at);
  } catch (err) {
    if (!refusedQuery(err)) return chunk.forEach((p) => p.reject(err));
    for (const p of chunk) void settle([p], () => query(p.promql, at));
    return;
  }
  const byIndex = new Map<string, S[]>();
  for (const s of answer.series) {
    const { [BATCH_LABEL]: index, ...labels } = s.labels;
    if (index === undefined) continue;
    const list = byIndex.get(index) ?? [];
    list.push({ ...s, labels });
    byIndex.set(index, list);
  }
  for (const p of chunk) p.resolve({ ...answer, series: byIndex.get(String(distinct.indexOf(p.promql))) ?? [] });
}

function joined(queries: string[]): string {
  return queries.map((q, i) => `label_replace((${q}), "${BATCH_LABEL}", "${i}", "", "")`).join(' or ');
}

async function settle<R>(chunk: Pending<R>[], ask: () => Promise<R>): Promise<void> {
  try {
    const answer = await ask();
    for (const p of chunk) p.resolve(answer);
  } catch (err) {
    for (const p of chunk) p.reject(err);
  }
}

/** The server rejected the query itself (HTTP 400/422): asking the parts alone may succeed. */
function refusedQuery(err: unknown): boolean {
  return err instanceof BackendError && (err.status === 400 || err.status === 422);
}
