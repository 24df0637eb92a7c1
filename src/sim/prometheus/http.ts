/** Small node:http helpers shared by the simulator's Prometheus and Alertmanager servers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SimRequest {
  method: string;
  path: string;
  /** query string and, for form POSTs, body parameters (repeatable) */
  params: URLSearchParams;
  body: string;
}

const MAX_BODY = 4 * 1024 * 1024;

export async function readRequest(req: IncomingMessage): Promise<SimRequest> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const params = new URLSearchParams(url.search);
  const type = String(req.headers['content-type'] ?? '');
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  }
  return { method: req.method ?? 'GET', path: url.pathname, params, body };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** RFC3339 with milliseconds, as Go prints time.Time in JSON (UTC). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
