/**
 * `GET /loki/api/v1/tail` over WebSocket: a backfill of the newest `limit` lines since `start`, then every second
 * the lines that became at least `delay_for` seconds old. Bad parameters are refused before the upgrade with a
 * plain-text 400; a failure while tailing closes the socket with 1011 and the error as reason.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WorldLogs } from '../logs/index.js';
import type { LogQuery } from '../logql/ast.js';
import { selectLogs, type LogStream } from '../logql/select.js';
import { HttpError } from '../ws/request.js';
import { parseLimit, parseTimestamp } from './params.js';
import { parseQuery } from './query.js';

export const TAIL_PATH = '/loki/api/v1/tail';
const TICK_MS = 1000;
const PING_MS = 15_000;
const MAX_DELAY_S = 5;
/** lines sent per tick at most; the rest follow on the next ticks */
const MAX_PER_TICK = 1000;

interface TailRequest {
  query: LogQuery;
  limit: number;
  delayUs: number;
  startUs: number;
}

function tailRequest(url: URL, nowUs: number): TailRequest {
  const p = url.searchParams;
  const query = parseQuery(p.get('query'));
  if (query.kind !== 'log') throw new HttpError(400, 'tailing only supports log queries');
  const delay = Number(p.get('delay_for') ?? '0');
  if (!Number.isFinite(delay) || delay < 0) throw new HttpError(400, `invalid delay_for parameter: ${p.get('delay_for')}`);
  if (delay > MAX_DELAY_S) throw new HttpError(400, `delay_for can't be greater than ${MAX_DELAY_S}`);
  return { query, limit: parseLimit(p.get('limit')), delayUs: delay * 1_000_000, startUs: parseTimestamp(p.get('start'), nowUs - 3_600_000_000, 'start') };
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason = status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
}

function frame(streams: LogStream[]): string {
  return JSON.stringify({ streams: streams.map((s) => ({ stream: s.stream, values: s.values.map(([us, line]) => [`${us}000`, line]) })) });
}

export function attachTail(server: Server, logs: WorldLogs, now: () => number): void {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== TAIL_PATH) return refuse(socket, 404, '404 page not found');
    let request: TailRequest;
    try {
      request = tailRequest(url, now() * 1000);
    } catch (e) {
      return refuse(socket, e instanceof HttpError ? e.status : 500, (e as Error).message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => tail(ws, request, logs, now));
  });
  // Upgraded sockets keep an http.Server from closing: closing the server says goodbye to every tail first.
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    for (const client of wss.clients) client.close(1001, 'server shutting down');
    wss.close();
    return close(callback);
  }) as Server['close'];
}

function tail(ws: WebSocket, r: TailRequest, logs: WorldLogs, now: () => number): void {
  let cursorUs = now() * 1000 - r.delayUs;
  const timers: NodeJS.Timeout[] = [];
  const stop = () => timers.forEach(clearInterval);
  const send = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const fail = (e: unknown) => {
    stop();
    ws.close(1011, String((e as Error)?.message ?? e).slice(0, 120));
  };
  ws.on('close', stop);
  ws.on('error', stop);
  try {
    const backfill = selectLogs(r.query, logs, { startUs: r.startUs, endUs: cursorUs, limit: r.limit, direction: 'backward' });
    for (const s of backfill.streams) s.values.reverse();
    if (backfill.streams.length > 0) send(frame(backfill.streams));
  } catch (e) {
    fail(e);
    return;
  }
  timers.push(
    setInterval(() => {
      try {
        const endUs = now() * 1000 - r.delayUs;
        if (endUs <= cursorUs) return;
        const { streams } = selectLogs(r.query, logs, { startUs: cursorUs, endUs, limit: MAX_PER_TICK, direction: 'forward' });
        const sent = streams.reduce((n, s) => n + s.values.length, 0);
        // A full batch may have left lines behind: resume right after the last one sent.
        cursorUs = sent < MAX_PER_TICK ? endUs : Math.max(...streams.map((s) => s.values[s.values.length - 1][0])) + 1;
        if (sent > 0) send(frame(streams));
      } catch (e) {
        fail(e);
      }
    }, TICK_MS),
    setInterval(() => ws.readyState === ws.OPEN && ws.ping(), PING_MS),
  );
}
