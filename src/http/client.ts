import type { Agent } from 'node:http';
import { BackendError, httpError, type BackendName } from './errors.js';
import { redact, redactUrl, registerBasicCredentials, registerUrlCredentials } from './redact.js';
import { backoffDelay, parseRetryAfter, RETRYABLE_CODES, RETRYABLE_STATUS, sleep } from './retry.js';
import { appendParams, requestUrl, type Params } from './request-url.js';
import { Transport, type SendInit, type TlsFiles } from './transport.js';

export type { ParamValue, Params } from './request-url.js';

export interface HttpAuth {
  bearer?: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
}

export type TlsOptions = TlsFiles;

export interface HttpClientOptions {
  backend: BackendName;
  baseUrl: string;
  timeoutMs?: number;
  concurrency?: number;
  retries?: number;
  auth?: HttpAuth;
  tenant?: string;
  tls?: TlsOptions;
  /** 'env' (default) honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY; 'none' ignores them; else a proxy URL. */
  proxy?: string;
  /** Parameters sent with every request, e.g. Thanos `partial_response=false`. */
  defaultParams?: Record<string, string>;
  debug?: (line: string) => void;
  /** Answers larger than this fail with kind "limit" instead of exhausting memory. */
  maxBodyBytes?: number;
}

export interface RequestSpec {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Params;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Params;
  json?: unknown;
  headers?: Record<string, string>;
  /** POSTs that only read (PromQL over POST) may be retried too. GET is always idempotent. */
  idempotent?: boolean;
  /** Statuses that are answers, not errors (e.g. Jaeger api_v3's 404 for "no traces"). */
  acceptStatus?: number[];
  signal?: AbortSignal;
}

export interface HttpAnswer<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

/** The one HTTP path of obs: every backend client sends its requests through one of these. */
export class HttpClient {
  readonly backend: BackendName;
  readonly baseUrl: string;
  private readonly options: HttpClientOptions;
  private readonly transport: Transport;
  private closed = false;
  /** Aborts what is still out when the client closes: queued requests too, which the pool would otherwise still send. */
  private readonly closing = new AbortController();

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.backend = options.backend;
    this.baseUrl = options.baseUrl;
    this.transport = new Transport(this.baseUrl, options);
    registerUrlCredentials(this.baseUrl);
    if (!options.auth?.bearer) registerBasicCredentials(options.auth?.username, options.auth?.password);
  }

  /** The connections (with TLS and proxy settings) for callers that open their own (WebSocket). */
  get agent(): Agent {
    return this.transport.agent;
  }

  /** Full URL for a path and query, e.g. for a WebSocket. */
  url(path: string, query: Params = {}): string {
    return requestUrl(this.baseUrl, path, this.options.defaultParams ?? {}, query).toString();
  }

  /** Where a path is, safe to print in an error: credentials and secret parameters masked. */
  displayUrl(path: string): string {
    return redactUrl(requestUrl(this.baseUrl, path).toString());
  }

  /** Headers carrying auth and tenant, for callers that open their own connection (WebSocket). */
  authHeaders(): Record<string, string> {
    const h: Record<string, string> = { 'user-agent': 'obs' };
    const { auth, tenant } = this.options;
    if (auth?.bearer) h.authorization = `Bearer ${auth.bearer}`;
    else if (auth?.username !== undefined || auth?.password !== undefined)
      h.authorization = `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
    if (tenant) h['x-scope-orgid'] = tenant;
    for (const [k, v] of Object.entries(auth?.headers ?? {})) h[k.toLowerCase()] = v;
    return h;
  }

  async json<T>(spec: RequestSpec): Promise<HttpAnswer<T>> {
    return this.decodeJson<T>(await this.jsonBytes(spec), spec.path);
  }

  /** A JSON answer not yet parsed, for a caller that parses it a piece at a time. */
  async jsonBytes(spec: RequestSpec): Promise<HttpAnswer<Buffer>> {
    return this.send(spec, 'application/json');
  }

  /** Parse an answer of jsonBytes; what is not JSON fails as a decode error naming the URL. */
  decodeJson<T>(answer: HttpAnswer<Buffer>, path: string): HttpAnswer<T> {
    const text = answer.data.toString('utf8');
    if (text.trim() === '') return { ...answer, data: undefined as T };
    try {
      return { ...answer, data: JSON.parse(text) as T };
    } catch {
      throw new BackendError({
        backend: this.backend,
        kind: 'decode',
        url: this.displayUrl(path),
        status: answer.status,
        message: `answered with something that is not JSON: ${text.slice(0, 200)}`,
        hint: 'check that the URL points at the backend itself and not at a login page or proxy',
      });
    }
  }

  async text(spec: RequestSpec): Promise<HttpAnswer<string>> {
    const answer = await this.send(spec, 'text/plain, */*');
    return { ...answer, data: answer.data.toString('utf8') };
  }

  async buffer(spec: RequestSpec): Promise<HttpAnswer<Buffer>> {
    return this.send(spec, '*/*');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    this.transport.close();
  }

  private async send(spec: RequestSpec, accept: string): Promise<HttpAnswer<Buffer>> {
    const method = spec.method ?? 'GET';
    const idempotent = spec.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
    const retries = idempotent ? (this.options.retries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.once(spec, method, accept);
        if (RETRYABLE_STATUS.has(answer.status) && attempt < retries && !spec.acceptStatus?.includes(answer.status)) {
          const wait = parseRetryAfter(answer.headers['retry-after']) ?? backoffDelay(attempt);
          this.options.debug?.(`   retry ${attempt + 1}/${retries} of ${this.backend} in ${wait}ms after HTTP ${answer.status}`);
          await sleep(wait, spec.signal);
          continue;
        }
        return this.checkStatus(spec, answer);
      } catch (err) {
        const code = (err as { code?: string }).code;
        // Closing resets the sockets of requests still out (a time budget gave up on them): not a reason to ask again.
        if (!(err instanceof BackendError) && code && RETRYABLE_CODES.has(code) && attempt < retries && !this.closed) {
          await sleep(backoffDelay(attempt), spec.signal);
          continue;
        }
        throw this.toBackendError(err, spec.path);
      }
    }
  }

  private checkStatus(spec: RequestSpec, answer: HttpAnswer<Buffer>): HttpAnswer<Buffer> {
    if ((answer.status >= 200 && answer.status < 300) || spec.acceptStatus?.includes(answer.status)) return answer;
    const ct = answer.headers['content-type'];
    throw httpError(this.backend, this.displayUrl(spec.path), answer.status, answer.data.toString('utf8'), Array.isArray(ct) ? ct[0] : ct);
  }

  private async once(spec: RequestSpec, method: string, accept: string): Promise<HttpAnswer<Buffer>> {
    const url = this.url(spec.path, spec.query);
    const headers: Record<string, string> = { accept, ...this.authHeaders(), ...spec.headers };
    let body: string | undefined;
    if (spec.form) {
      const p = new URLSearchParams();
      appendParams(p, spec.form);
      body = p.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = AbortSignal.any(spec.signal ? [spec.signal, timeout, this.closing.signal] : [timeout, this.closing.signal]);
    const started = performance.now();
    this.options.debug?.(`→ ${method} ${redactUrl(url)}${body && spec.form ? ` form ${redact(decodeURIComponent(body.replace(/\+/g, ' ')))}` : ''}`);
    try {
      return await this.exchange(spec, url, { method, headers, body, signal }, started);
    } catch (err) {
      // An abort surfaces as AbortError, or as a reset socket mid-body: the signals say which it was.
      if (timeout.aborted) throw new TimedOut();
      if (spec.signal?.aborted) throw new Cancelled();
      throw err;
    }
  }

  private async exchange(spec: RequestSpec, url: string, init: SendInit, started: number): Promise<HttpAnswer<Buffer>> {
    const res = await this.transport.send(url, init);
    const status = res.statusCode ?? 0;
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > limit) {
      res.destroy();
      throw new BackendError({ backend: this.backend, kind: 'limit', url: this.displayUrl(spec.path), status, message: `answer of ${declared} bytes is over the ${limit}-byte limit`, hint: 'narrow the query' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += chunk.length;
      if (size > limit) {
        res.destroy();
        throw new BackendError({ backend: this.backend, kind: 'limit', url: this.displayUrl(spec.path), status, message: `answer is over the ${limit}-byte limit`, hint: 'narrow the query' });
      }
      chunks.push(chunk as Buffer);
    }
    this.options.debug?.(`← ${status} ${this.backend} in ${Math.round(performance.now() - started)}ms, ${size} bytes`);
    return { status, headers: res.headers, data: Buffer.concat(chunks) };
  }

  private toBackendError(err: unknown, path: string): BackendError {
    if (err instanceof BackendError) return err;
    const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.code ?? e.cause?.code;
    const url = this.displayUrl(path);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (err instanceof TimedOut)
      return new BackendError({ backend: this.backend, kind: 'timeout', url, message: `no answer within ${timeoutMs / 1000}s`, hint: 'the backend is slow or unreachable; raise the timeout or narrow the query' });
    if (err instanceof Cancelled || e.name === 'AbortError') return new BackendError({ backend: this.backend, kind: 'timeout', url, message: 'request cancelled' });
    const reason = describeNetworkError(code, e.cause?.message ?? e.message);
    return new BackendError({ backend: this.backend, kind: 'unreachable', url, message: reason.message, hint: reason.hint });
  }
}

function describeNetworkError(code: string | undefined, message = ''): { message: string; hint?: string } {
  switch (code) {
    case 'ECONNREFUSED':
      return { message: 'connection refused', hint: 'is it running? check the URL in the context (obs context show)' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: 'host not found', hint: 'check the host name in the URL, or your DNS/proxy settings' };
    case 'ECONNRESET':
    case 'EPIPE':
      return { message: 'connection reset', hint: 'the backend or a proxy closed the connection' };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { message: `TLS: ${message}`, hint: 'set <backend>.ca to your CA bundle with `obs context set` (or <backend>.insecure true for a test setup)' };
    default:
      return { message: message || code || 'network error' };
  }
}

class TimedOut extends Error {}
class Cancelled extends Error {}
