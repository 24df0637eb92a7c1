import { sanitize } from '../output/sanitize.js';
import { redact } from './redact.js';

/** The backends obs reads, and the services it notifies (incident channels). */
export type BackendName = 'prometheus' | 'alertmanager' | 'loki' | 'jaeger' | 'amplitude' | 'pagerduty' | 'slack' | 'webhook';
export type BackendErrorKind = 'unreachable' | 'timeout' | 'http' | 'decode' | 'limit';

export interface BackendErrorInit {
  backend: BackendName;
  kind: BackendErrorKind;
  message: string;
  url?: string;
  status?: number;
  hint?: string;
}

/** The one error type for anything that went wrong talking to a backend. */
export class BackendError extends Error {
  readonly backend: BackendName;
  readonly kind: BackendErrorKind;
  readonly status?: number;
  readonly hint?: string;
  readonly url?: string;

  constructor(init: BackendErrorInit) {
    super(sanitize(redact(init.message), { maxLength: 500 }));
    this.name = 'BackendError';
    this.backend = init.backend;
    this.kind = init.kind;
    this.status = init.status;
    this.url = init.url;
    this.hint = init.hint;
  }

  /** One line for a terminal: backend, where, what it said, what to do. */
  oneLine(): string {
    const where = this.url ? ` (${this.url})` : '';
    const status = this.status ? ` [HTTP ${this.status}]` : '';
    const hint = this.hint ? ` — ${this.hint}` : '';
    return `${this.backend}${where}: ${this.message}${status}${hint}`;
  }

  toJSON(): BackendErrorInit {
    return { backend: this.backend, kind: this.kind, status: this.status, message: this.message, url: this.url, hint: this.hint };
  }
}

/**
 * The backend's own message from an error body, whatever form it came in: a Prometheus JSON
 * envelope, an Alertmanager JSON string literal or Swagger object, Loki plain text, a Jaeger v1
 * envelope or api_v3 error object, or an HTML page from a proxy.
 */
export function messageFromBody(body: string, contentType = ''): string {
  const text = body.trim();
  if (!text) return '';
  if (text.startsWith('{') || text.startsWith('"') || text.startsWith('[')) {
    try {
      const found = messageFromJson(JSON.parse(text));
      if (found) return found;
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(text)) return messageFromHtml(text);
  return firstChars(text);
}

function messageFromJson(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.error === 'string') return typeof o.errorType === 'string' && o.errorType ? `${o.errorType}: ${o.error}` : o.error;
  if (o.error && typeof o.error === 'object') {
    const inner = o.error as Record<string, unknown>;
    if (typeof inner.message === 'string') return inner.message;
  }
  if (Array.isArray(o.errors) && o.errors.length > 0) {
    const first = o.errors[0] as Record<string, unknown>;
    if (typeof first?.msg === 'string') return first.msg;
    if (typeof first?.message === 'string') return first.message;
  }
  if (typeof o.message === 'string') return o.message;
  if (typeof o.msg === 'string') return o.msg;
  return undefined;
}

function messageFromHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const text = (title || h1 || html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ''))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  return firstChars(`${text} (HTML page, probably from a proxy in front of the backend)`);
}

function firstChars(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 500 ? `${oneLine.slice(0, 497)}...` : oneLine;
}

const LIMIT_MESSAGE =
  /maximum resolution|too many samples|max entries limit|maximum number of series|err-mimir-max|exceeds the limit|query time range exceeds|export too large|limit exceeded|sample limit/i;

/** Turn a non-2xx answer into a BackendError with kind and hint. */
export function httpError(backend: BackendName, url: string, status: number, body: string, contentType?: string): BackendError {
  const message = messageFromBody(body, contentType) || `HTTP ${status} with an empty body`;
  const kind: BackendErrorKind = status === 429 || LIMIT_MESSAGE.test(message) ? 'limit' : 'http';
  return new BackendError({ backend, kind, status, url, message, hint: hintFor(backend, status, message) });
}

function hintFor(backend: BackendName, status: number, message: string): string | undefined {
  if (/no org id/i.test(message)) return `the server is multi-tenant: set a tenant (X-Scope-OrgID) with \`obs context set <name> tenant <id>\``;
  if (status === 401) return `authentication failed: check the ${backend} credentials of the context (obs context show)`;
  if (status === 403) return `not allowed: check the ${backend} credentials, their permissions, or the region/host`;
  if (status === 404) return `not found: check the ${backend} URL and its path prefix`;
  if (status === 410 && backend === 'alertmanager') return 'this path was removed; obs uses /api/v2, check the URL prefix';
  if (status === 429) return 'rate limited: wait and retry, or narrow the query';
  if (/maximum resolution/i.test(message)) return 'use a larger --step or a shorter range';
  if (/too many samples|maximum number of series|max-series/i.test(message)) return 'narrow the query with more label matchers or a shorter range';
  if (status === 502 || status === 503 || status === 504) return `${backend} or a proxy in front of it is unavailable or overloaded`;
  return undefined;
}
