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
