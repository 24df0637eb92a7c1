import type { Agent } from 'node:http';
import WebSocket from 'ws';
import { BackendError } from '../../http/errors.js';
import { backoffDelay, sleep } from '../../http/retry.js';
import type { LokiClient } from './client.js';
import { BoundaryDedupe, mergeStreams, toNs, type RawStream } from './entries.js';
import type { LogEntry, TailOptions } from './types.js';

const TAIL_PATH = '/loki/api/v1/tail';
const BACKFILL_MS = 3_600_000;
/** The close code Loki uses when the tail fails on its side; the reason carries its message. */
const INTERNAL_ERROR = 1011;

interface Frame {
  streams?: RawStream[];
  dropped_entries?: unknown[];
}

interface Session {
  opened: boolean;
  frames: number;
  code: number;
  reason: string;
}

/**
 * The tail loop. Each (re)connection resumes at the newest timestamp delivered, inclusive, and the
 * lines already delivered at that timestamp are dropped, so nothing is lost or shown twice even when
 * many lines share a timestamp.
 */
export async function tailLogs(client: LokiClient, query: string, o: TailOptions): Promise<void> {
  const seen = new BoundaryDedupe('forward');
  const deliver = (entries: LogEntry[]): void => {
    const fresh = entries.filter((e) => seen.accept(e));
    if (fresh.length > 0) o.onLines(fresh);
  };
  const resumeAt = (): bigint | undefined => (seen.boundary !== undefined ? BigInt(seen.boundary) : o.start !== undefined ? toNs(o.start) : undefined);
  const where = client.http.displayUrl(TAIL_PATH);

  let failures = 0;
  let everOpened = false;
  while (!o.signal?.aborted) {
    const url = client.http.url(TAIL_PATH, { query, delay_for: o.delayFor, limit: o.limit, start: resumeAt()?.toString() }).replace(/^http/, 'ws');
    const session = await openTail(url, { headers: client.http.authHeaders(), agent: client.http.agent }, o, (text) => {
      let frame: Frame;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        o.onError?.(new BackendError({ backend: 'loki', kind: 'decode', url: where, message: `tail sent a frame that is not JSON: ${text.slice(0, 200)}` }));
        return;
      }
      deliver(mergeStreams(frame.streams, 'forward'));
      if (frame.dropped_entries?.length) o.onDropped?.(frame.dropped_entries.length);
    });
    if (o.signal?.aborted) return;
    // The very first upgrade failed: a gateway that does not proxy WebSockets, or Loki refusing the
    // request. Polling gets the same answer over plain HTTP, with Loki's own message if it refuses.
    if (!session.opened && !everOpened) return pollLogs(client, query, o, seen, deliver, resumeAt());
    everOpened = true;
    if (session.frames > 0) failures = 0;
    o.onError?.(closeError(session, where));
    o.onStatus?.('reconnecting');
    if (!(await pause(backoffDelay(failures++), o.signal))) return;
  }
}

function openTail(url: string, init: { headers: Record<string, string>; agent: Agent }, o: TailOptions, onFrame: (text: string) => void): Promise<Session> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, init);
    const session: Session = { opened: false, frames: 0, code: 0, reason: '' };
    const stop = (): void => ws.close(1000);
    o.signal?.addEventListener('abort', stop, { once: true });
    ws.on('open', () => {
      session.opened = true;
      o.onStatus?.('connected');
    });
    ws.on('message', (data: Buffer) => {
      session.frames++;
      onFrame(data.toString('utf8'));
    });
    // An 'error' (a refused upgrade included) is always followed by 'close', which settles the session.
    ws.on('error', () => {});
    ws.on('close', (code: number, reason: Buffer) => {
      o.signal?.removeEventListener('abort', stop);
      resolve({ ...session, code, reason: reason.toString('utf8') });
    });
  });
}

function closeError(session: Session, url: string): BackendError {
  if (!session.opened) return new BackendError({ backend: 'loki', kind: 'unreachable', url, message: 'could not reconnect the tail', hint: 'retrying' });
  if (session.code === INTERNAL_ERROR && session.reason) return new BackendError({ backend: 'loki', kind: 'http', url, message: session.reason, hint: 'reconnecting' });
  return new BackendError({ backend: 'loki', kind: 'unreachable', url, message: `tail connection closed (code ${session.code})`, hint: 'reconnecting' });
}

/** Follow the query by polling query_range forward from the last line delivered. */
async function pollLogs(
  client: LokiClient,
  query: string,
  o: TailOptions,
  seen: BoundaryDedupe,
  deliver: (entries: LogEntry[]) => void,
  from: bigint | undefined,
): Promise<void> {
  o.onStatus?.('polling');
  const interval = o.pollIntervalMs ?? 2000;
  const limit = o.limit ?? 100;
  let cursor = from;
  let failures = 0;
  while (!o.signal?.aborted) {
    const end = BigInt(Date.now() - (o.delayFor ?? 0) * 1000) * 1_000_000n;
    let more = false;
    try {
      if (cursor === undefined) {
        // Like the WebSocket tail: start with the newest lines of the last hour.
        const first = await client.queryRange(query, { start: end - BigInt(BACKFILL_MS) * 1_000_000n, end, limit, direction: 'backward', signal: o.signal });
        if (first.resultType === 'streams') deliver([...first.entries].reverse());
      } else if (cursor < end) {
        // The page repeats the lines already delivered at the cursor; ask for those on top of `limit`.
        const page = await client.queryRange(query, { start: cursor, end, limit: limit + seen.atBoundary, direction: 'forward', signal: o.signal });
        if (page.resultType === 'streams') {
          deliver(page.entries);
          more = page.truncated;
        }
      }
      cursor = seen.boundary !== undefined ? BigInt(seen.boundary) : end;
      failures = 0;
    } catch (err) {
      if (o.signal?.aborted) return;
      if (isPermanent(err)) throw err;
      o.onError?.(err as BackendError);
      if (!(await pause(backoffDelay(failures++), o.signal))) return;
      continue;
    }
    if (!more && !(await pause(interval, o.signal))) return;
  }
}

/**
 * Retrying cannot help: Loki refused the query itself (bad LogQL, missing tenant, a limit), or the
 * URL answers with something that is not Loki (a login page, another service). A 429, a 5xx from
 * Loki or a proxy, a timeout or a dropped connection may pass, so the tail keeps trying.
 */
function isPermanent(err: unknown): boolean {
  if (!(err instanceof BackendError)) return true;
  if (err.kind === 'decode') return true;
  const status = err.status ?? 0;
  return status >= 400 && status < 500 && status !== 429;
}

/** Wait; false when the signal aborted instead. */
async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
