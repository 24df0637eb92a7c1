import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { startForwardProxy } from '../../../test/proxy/forward-proxy.js';
import { reply, startFakeServer, type FakeHandler } from '../../../test/support/fake-server.js';
import { HttpClient } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import { LokiClient } from './client.js';
import type { LogEntry, TailState } from './types.js';

const T1 = '1714557600000000000';
const T2 = '1714557600123000000';
const T3 = '1714557601000000000';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

interface Upgrade {
  socket: ServerSocket;
  url: URL;
  headers: IncomingHttpHeaders;
}

/** A Loki tail endpoint: a real WebSocket server (the `ws` package) that hands each connection to the test. */
async function wsLoki(onConnection: (c: Upgrade, n: number) => void, refuse: (attempt: number) => boolean = () => false): Promise<{ url: string; upgrades: Upgrade[] }> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const upgrades: Upgrade[] = [];
  let attempts = 0;
  server.on('upgrade', (req, socket, head) => {
    if (refuse(++attempts)) return socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const c = { socket: ws, url: new URL(req.url ?? '/', 'http://x'), headers: req.headers };
      upgrades.push(c);
      onConnection(c, upgrades.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    for (const ws of wss.clients) ws.terminate();
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upgrades };
}

function lokiAt(url: string): LokiClient {
  const http = new HttpClient({ backend: 'loki', baseUrl: url, timeoutMs: 2000, retries: 0, tenant: 'team-a', auth: { bearer: 'tok' } });
  closers.push(() => http.close());
  return new LokiClient(http);
}

function frame(streams: Record<string, [string, string][]>, dropped = 0): string {
  return JSON.stringify({
    streams: Object.entries(streams).map(([app, values]) => ({ stream: { app }, values })),
    ...(dropped ? { dropped_entries: Array.from({ length: dropped }, () => ({ labels: { app: 'api' }, timestamp: T1 })) } : {}),
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function collector() {
  const lines: LogEntry[] = [];
  const errors: BackendError[] = [];
  const states: TailState[] = [];
  let dropped = 0;
  const controller = new AbortController();
  return {
    lines,
    errors,
    states,
    dropped: () => dropped,
    controller,
    options: {
      onLines: (e: LogEntry[]) => lines.push(...e),
      onDropped: (n: number) => (dropped += n),
      onError: (e: BackendError) => errors.push(e),
      onStatus: (s: TailState) => states.push(s),
      signal: controller.signal,
    },
  };
}

describe('LokiClient.tail over WebSocket', () => {
  it('reconnects after a dropped socket and resumes at the last timestamp without repeating lines', async () => {
    const loki = await wsLoki((c, n) => {
      if (n === 1) {
        c.socket.send(frame({ api: [[T1, 'a'], [T2, 'b']], web: [[T2, 'c']] }));
        c.socket.send(frame({}, 2));
        setTimeout(() => c.socket.terminate(), 20);
      } else if (n === 2) {
        // Resuming at T2 inclusive: Loki repeats what it had at T2, plus what came since.
        c.socket.send(frame({ api: [[T2, 'b'], [T2, 'd'], [T3, 'e']], web: [[T2, 'c']] }));
      }
    }, (attempt) => attempt === 2); // Loki restarting: the first reconnection is refused

    const t = collector();
    const done = lokiAt(loki.url).tail('{app=~"api|web"}', { ...t.options, start: 1714557000000, delayFor: 1, limit: 50 });
    await until(() => t.lines.length >= 5, 'five lines');
    t.controller.abort();
    await done;

    expect(t.lines.map((e) => `${e.ts} ${e.labels.app} ${e.line}`)).toEqual([`${T1} api a`, `${T2} api b`, `${T2} web c`, `${T2} api d`, `${T3} api e`]);
    expect(t.dropped()).toBe(2);
    expect(t.states).toEqual(['connected', 'reconnecting', 'reconnecting', 'connected']);
    expect(t.errors.map((e) => [e.kind, e.message])).toEqual([
      ['unreachable', 'tail connection closed (code 1006)'],
      ['unreachable', 'could not reconnect the tail'],
    ]);

    const [first, second] = loki.upgrades;
    expect(first.url.pathname).toBe('/loki/api/v1/tail');
    expect(first.url.searchParams.get('query')).toBe('{app=~"api|web"}');
    expect(first.url.searchParams.get('start')).toBe('1714557000000000000');
    expect(first.url.searchParams.get('delay_for')).toBe('1');
    expect(first.url.searchParams.get('limit')).toBe('50');
    expect(first.headers.authorization).toBe('Bearer tok');
    expect(first.headers['x-scope-orgid']).toBe('team-a');
    expect(second.url.searchParams.get('start')).toBe(T2);
  });

  it('reports Loki’s own close reason and keeps following', async () => {
    const loki = await wsLoki((c, n) => {
      if (n === 1) c.socket.close(1011, 'max concurrent tail requests limit exceeded');
      else c.socket.send(frame({ api: [[T1, 'after']] }));
    });
    const t = collector();
    const done = lokiAt(loki.url).tail('{app="api"}', t.options);
    await until(() => t.lines.length === 1, 'a line after reconnecting');
    t.controller.abort();
    await done;
    expect(t.errors[0]).toMatchObject({ kind: 'http', message: 'max concurrent tail requests limit exceeded' });
    expect(loki.upgrades[1].url.searchParams.has('start')).toBe(false);
  });
});

describe('LokiClient.tail through a gateway without WebSockets', () => {
  async function plainLoki(handler: FakeHandler) {
    const s = await startFakeServer(handler);
    closers.push(s.close);
    return s;
  }

  it('falls back to polling query_range forward from the last line', async () => {
    // Lines of the last minute, within the hour the first poll reads back; c arrives after that poll.
    const now = BigInt(Date.now()) * 1_000_000n;
    const [T1, T2, T3] = [now - 60_000_000_000n, now - 59_877_000_000n, now - 59_000_000_000n].map(String);
    let forwardPolls = 0;
    const s = await plainLoki((req, res) => {
      const p = req.url.searchParams;
      if (req.url.pathname.endsWith('/tail')) return reply(res, 404, '404 page not found', 'text/plain');
      // Answers as Loki does: the lines from `start` on.
      const from = BigInt(p.get('start')!);
      const streams = (values: [string, string][]) => ({ status: 'success', data: { resultType: 'streams', result: [{ stream: { app: 'api' }, values: values.filter(([ts]) => BigInt(ts) >= from) }] } });
      if (p.get('direction') === 'backward') return reply(res, 200, streams([[T2, 'b'], [T1, 'a']]));
      forwardPolls++;
      return reply(res, 200, streams([[T1, 'a'], [T2, 'b'], [T3, 'c']]));
    });
    const t = collector();
    const done = lokiAt(s.url).tail('{app="api"}', { ...t.options, pollIntervalMs: 5 });
    await until(() => forwardPolls >= 3, 'three forward polls');
    t.controller.abort();
    await done;

    expect(t.states).toEqual(['polling']);
    expect(t.lines.map((e) => e.line)).toEqual(['a', 'b', 'c']);
    const forward = s.requests.filter((r) => r.url.searchParams.get('direction') === 'forward');
    // From the last line delivered (asked 1ns earlier, as every log query is; see paging.ts).
    expect(BigInt(forward[0].url.searchParams.get('start')!) + 1n).toBe(BigInt(T2));
    expect(BigInt(forward[1].url.searchParams.get('start')!) + 1n).toBe(BigInt(T3));
    expect(s.requests.find((r) => r.url.pathname.endsWith('/tail'))?.headers['x-scope-orgid']).toBe('team-a');
  });

  it('ends with Loki’s message when it refuses the query', async () => {
    const s = await plainLoki((_req, res) => reply(res, 400, 'parse error at line 1, col 1: syntax error: unexpected IDENTIFIER\n', 'text/plain; charset=utf-8'));
    const t = collector();
    const err = await lokiAt(s.url).tail('app=api', t.options).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toBe('parse error at line 1, col 1: syntax error: unexpected IDENTIFIER');
    expect(t.lines).toEqual([]);
  });

  it('ends at once when the URL answers with something that is not Loki (an HTML page with 200)', async () => {
    const s = await plainLoki((_req, res) => reply(res, 200, '<html><body><h1>Welcome to nginx!</h1></body></html>', 'text/html'));
    const t = collector();
    const err = await lokiAt(s.url).tail('{app="api"}', t.options).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ backend: 'loki', kind: 'decode', message: expect.stringContaining('not JSON') });
    expect(s.requests.filter((r) => r.url.pathname.endsWith('/query_range'))).toHaveLength(1);
  });

  it('keeps polling through a proxy’s 502 and answers once Loki is back', async () => {
    let calls = 0;
    const recent = String(BigInt(Date.now() - 1000) * 1_000_000n);
    const s = await plainLoki((req, res) => {
      if (req.url.pathname.endsWith('/tail') || ++calls === 1) return reply(res, 502, '<html><title>502 Bad Gateway</title></html>', 'text/html');
      reply(res, 200, { status: 'success', data: { resultType: 'streams', result: [{ stream: { app: 'api' }, values: [[recent, 'back']] }] } });
    });
    const t = collector();
    const done = lokiAt(s.url).tail('{app="api"}', { ...t.options, pollIntervalMs: 5 });
    await until(() => t.lines.length > 0, 'a line after the 502');
    t.controller.abort();
    await done;
    expect(t.errors.map((e) => e.status)).toEqual([502]);
    expect(t.lines.map((e) => e.line)).toEqual(['back']);
  });
});

describe('LokiClient.tail through a proxy', () => {
  it('opens the WebSocket through the same CONNECT tunnel as every other request of the backend', async () => {
    const proxy = await startForwardProxy();
    closers.push(() => proxy.close());
    const loki = await wsLoki((c) => {
      c.socket.send(frame({ api: [[T1, 'through the tunnel']] }));
    });
    const http = new HttpClient({ backend: 'loki', baseUrl: loki.url, timeoutMs: 2000, retries: 0, proxy: proxy.url });
    closers.push(() => http.close());
    const c = collector();
    const tail = new LokiClient(http).tail('{app="api"}', c.options);
    await until(() => c.lines.length === 1, 'the line');
    c.controller.abort();
    await tail;
    expect(c.lines.map((l) => l.line)).toEqual(['through the tunnel']);
    expect(proxy.seen).toEqual([{ method: 'CONNECT', target: new URL(loki.url).host }]);
  });
});
