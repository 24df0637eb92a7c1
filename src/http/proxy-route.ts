/**
 * Which way a request to a backend goes, worked out from the setting and the environment: the
 * transport follows it, and `obs doctor` says it. Pure: the environment is passed in.
 */
import { redactUrl } from '../http/redact.js';

export interface ProxyRoute {
  /** The proxy URL, credentials masked; absent when the request goes straight to the backend. */
  via?: string;
  /** Why, e.g. "HTTPS_PROXY", "NO_PROXY matches .example.com", "prometheus.proxy in the context". */
  why: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

export function proxyRoute(target: string, setting: string, env: NodeJS.ProcessEnv, settingKey = 'proxy'): ProxyRoute {
  if (setting === 'none') return { why: `${settingKey} is none in the context` };
  if (setting !== 'env') return { via: maskCredentials(setting), why: `${settingKey} in the context` };
  const url = new URL(target);
  const http = firstSet(env, ['http_proxy', 'HTTP_PROXY']);
  const https = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
  const chosen = url.protocol === 'https:' ? (https ?? http) : http;
  if (!chosen?.value) return { why: url.protocol === 'https:' ? 'no HTTPS_PROXY or HTTP_PROXY set' : 'no HTTP_PROXY set' };
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const matched = noProxyMatch(url, noProxy);
  if (matched) return { why: `NO_PROXY matches ${matched}` };
  return { via: maskCredentials(chosen.value), why: chosen.name };
}

/** The NO_PROXY entry that exempts `url`, if any (exact host, a parent domain, `*`; with an optional port). */
export function noProxyMatch(url: URL, noProxy: string): string | undefined {
  if (noProxy.trim() === '*') return '*';
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const name = (parsed ? parsed[1] : entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed && Number(parsed[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return entry;
  }
  return undefined;
}

function firstSet(env: NodeJS.ProcessEnv, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) if (env[name] !== undefined) return { name, value: env[name]! };
  return undefined;
}

/** A proxy URL safe to print (it may carry user:password). */
function maskCredentials(proxy: string): string {
  return redactUrl(proxy).replace(/\/$/, '');
}
