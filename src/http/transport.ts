/**
 * How bytes reach a backend: Node's own http/https agents (keep-alive, a bounded number of sockets per
 * backend, the context's TLS settings), and, when a proxy applies, a CONNECT tunnel through it for
 * http and https targets alike. Node's built-ins load in a few milliseconds, which keeps a one-shot
 * command such as `obs query up` close to the cost of the request itself.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type ClientRequestArgs, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { proxyRoute } from './proxy-route.js';
import { decodeUrlPart, registerUrlCredentials } from './redact.js';

// https and tls (with crypto) take several ms to load: only an https target or proxy loads them.
const builtin = createRequire(import.meta.url);
const httpsModule = (): typeof import('node:https') => builtin('node:https');
const tlsModule = (): typeof import('node:tls') => builtin('node:tls');

export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecure?: boolean;
}

export interface TransportOptions {
  /** Sockets per backend; requests beyond it wait for a free one. */
  concurrency?: number;
  tls?: TlsFiles;
  /** 'env' (default) honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY; 'none' ignores them; else a proxy URL. */
  proxy?: string;
}

export interface SendInit {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string;
  signal: AbortSignal;
}

const KEEP_ALIVE_MS = 30_000;

/** One backend's connections. `agent` is also what a WebSocket to the same backend should use. */
export class Transport {
  readonly agent: HttpAgent;
  private readonly secure: boolean;

  constructor(baseUrl: string, options: TransportOptions = {}) {
    const target = new URL(baseUrl);
    this.secure = target.protocol === 'https:' || target.protocol === 'wss:';
    const tls = tlsOptions(options.tls);
    const pool = { keepAlive: true, keepAliveMsecs: KEEP_ALIVE_MS, maxSockets: options.concurrency ?? 8, scheduling: 'lifo' as const };
    const route = proxyRoute(target.toString().replace(/^ws/, 'http'), options.proxy ?? 'env', process.env);
    const proxy = route.via ? proxyUrl(options.proxy ?? 'env', target) : undefined;
    if (proxy) {
      // The proxy's user:password travels in Proxy-Authorization, which a proxy's error page may echo.
      registerUrlCredentials(proxy.href);
      this.agent = new TunnelAgent(proxy, this.secure, { ...pool, ...tls });
    } else this.agent = this.secure ? new (httpsModule().Agent)({ ...pool, ...tls }) : new HttpAgent(pool);
  }

  /** Send one request; resolves with the response once its headers have arrived. */
  send(url: string, init: SendInit): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = this.secure ? httpsModule().request : httpRequest;
      // Node would decode a URL's user:password itself and throw on a literal % (pa%zz): it is done here.
      const target = new URL(url);
      const auth = target.username || target.password ? `${decodeUrlPart(target.username)}:${decodeUrlPart(target.password)}` : undefined;
      target.username = '';
      target.password = '';
      const req = request(target, { method: init.method, headers: init.headers, agent: this.agent, signal: init.signal, auth }, resolve);
      req.on('error', reject);
      req.end(init.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function tlsOptions(tls: TlsFiles = {}): ConnectionOptions {
  return {
    ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
    cert: tls.certFile ? readFileSync(tls.certFile) : undefined,
    key: tls.keyFile ? readFileSync(tls.keyFile) : undefined,
    rejectUnauthorized: !tls.insecure,
  };
}

/** The proxy's full URL (the route only keeps a masked one for display). */
function proxyUrl(setting: string, target: URL): URL {
  if (setting !== 'env') return new URL(setting);
  const env = process.env;
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const https = env.https_proxy ?? env.HTTPS_PROXY;
  return new URL((target.protocol === 'https:' || target.protocol === 'wss:' ? (https ?? http) : http)!);
}

type CreateCallback = (err: Error | null, stream: Duplex) => void;

/**
 * Opens each connection as a CONNECT tunnel through the proxy, then speaks TLS inside it for https
 * targets. Node's Agent accepts a connection handed over later through the callback.
 */
class TunnelAgent extends HttpAgent {
  constructor(private readonly proxy: URL, private readonly secure: boolean, options: ConstructorParameters<typeof HttpAgent>[0] & ConnectionOptions) {
    super(options);
    // https.request accepts an agent whose protocol is https:; the TLS is ours, inside the tunnel.
    (this as unknown as { protocol: string }).protocol = secure ? 'https:' : 'http:';
  }

  override createConnection(args: ClientRequestArgs, callback?: CreateCallback): undefined {
    const options = args as ConnectionOptions & { host?: string; port?: number };
    let settled = false;
    const done = (err: Error | null, socket?: Socket): void => {
      if (settled) return;
      settled = true;
      callback?.(err, socket as Duplex);
    };
    const target = `${options.host}:${options.port}`;
    const headers: OutgoingHttpHeaders = { host: target };
    if (this.proxy.username || this.proxy.password)
      headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeUrlPart(this.proxy.username)}:${decodeUrlPart(this.proxy.password)}`).toString('base64')}`;
    const connect = (this.proxy.protocol === 'https:' ? httpsModule().request : httpRequest)({
      host: this.proxy.hostname,
      port: this.proxy.port || (this.proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
    });
    connect.once('connect', (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(Object.assign(new Error(`the proxy refused the tunnel to ${target}: HTTP ${res.statusCode}`), { code: 'EPROXY' }));
        return;
      }
      if (!this.secure) return done(null, socket);
      const host = options.host ?? '';
      const secured = tlsModule().connect({ ...options, socket, servername: isIP(host) ? undefined : (options.servername ?? host) });
      secured.once('secureConnect', () => done(null, secured));
      secured.once('error', (err) => done(err));
    });
    connect.once('error', (err) => done(err));
    connect.end();
    return undefined;
  }
}
