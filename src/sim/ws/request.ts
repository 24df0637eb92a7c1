/** The little HTTP plumbing the demo servers share: parameters from GET or form POST, and plain responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that becomes an HTTP response with this status and body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Options every demo server takes. */
export interface SimServerOptions {
  /** the world's clock (unix ms); tests pin it */
  now?: () => number;
}

const MAX_BODY_BYTES = 1 << 20;

/** Query-string parameters, plus those of a form-encoded POST body. */
export async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  if (req.method !== 'POST') return params;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params.append(k, v);
  }
  return params;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, body: Uint8Array, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.byteLength });
  res.end(body);
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/**
 * Wrap a handler so thrown HttpErrors become responses via `onError`, and anything else a 500 with its message.
 * `onError` gets the URL so one server can answer errors in the shape of the API that was called.
 * The request URL is parsed once, relative to a dummy origin.
 */
export function handle(handler: Handler, onError: (res: ServerResponse, status: number, message: string, url: URL) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((e: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (e instanceof HttpError) onError(res, e.status, e.message, url);
        else onError(res, 500, e instanceof Error ? e.message : String(e), url);
      });
  };
}
