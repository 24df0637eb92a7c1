import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../../src/http/errors.js';

export interface FakeRequest {
  method: string;
  url: URL;
  /** The request line's target as it arrived, e.g. `/prometheus/api/v1/query?x=1`. */
  target: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FakeHandler = (req: FakeRequest, res: ServerResponse) => void | Promise<void>;

/** A tiny HTTP server on loopback that records every request and answers with `handler`. */
export async function startFakeServer(handler: FakeHandler): Promise<{ url: string; requests: FakeRequest[]; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const recorded = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://x'), target: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    requests.push(recorded);
    await handler(recorded, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Answer with a status, a body and a content type. */
export function reply(res: ServerResponse, status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

/** The BackendError a promise rejects with; anything else (or success) fails the test. */
export async function backendFailure(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw e;
  }
  throw new Error('expected a BackendError');
}

/**
 * A Prometheus (or Thanos) that answers every instant query partially: no series, and a warning
 * that says so (with an escape sequence in it, which must not reach the terminal).
 */
export const partialPrometheus: FakeHandler = (req, res) => {
  if (req.url.pathname === '/api/v1/query')
    return reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['store eu-1 unreachable: \u001b[31mpartial answer'] });
  reply(res, 404, 'not found', 'text/plain');
};

/**
 * A Thanos or Mimir in front of `upstream` (a Prometheus) with a store down: every query is
 * answered, with a warning that the answer is partial (an escape sequence in it, which must not
 * reach the terminal); other paths are passed through.
 */
export function partialProxy(upstream: string): FakeHandler {
  return async (req, res) => {
    const answer = await fetch(`${upstream}${req.url.pathname}${req.url.search}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded') },
      body: req.method === 'POST' ? req.body : undefined,
    });
    const text = await answer.text();
    if (!answer.ok || !/^\/api\/v1\/query(_range)?$/.test(req.url.pathname)) return reply(res, answer.status, text, answer.headers.get('content-type') ?? 'text/plain');
    reply(res, 200, { ...JSON.parse(text), warnings: [PARTIAL_WARNING] });
  };
}

export const PARTIAL_WARNING = 'partial response: store 10.0.0.7:10901 unavailable \u001b[31mRED';
