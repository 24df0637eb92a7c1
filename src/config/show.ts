import { maskUrlSecrets } from '../http/redact.js';
import { isSecretName } from '../http/secret-name.js';
import { redactNotify } from '../notify/config.js';
import { redactSecretValue } from './secrets.js';
import { BACKENDS, type Context } from './types.js';

const SECRET_KEYS = new Set(['bearer', 'password']);

/**
 * A copy of a context safe to print: literal secrets become ***, references stay as written. Secrets
 * written into a URL or proxy URL (user:password, ?api_key=) and secret-looking `params` are masked too.
 */
export function redactContext(ctx: Context): Context {
  const out: Context = structuredClone(ctx);
  for (const b of BACKENDS) {
    const cfg = out[b];
    if (!cfg) continue;
    for (const key of Object.keys(cfg) as (keyof typeof cfg)[]) {
      if (SECRET_KEYS.has(key) && typeof cfg[key] === 'string') (cfg as Record<string, unknown>)[key] = redactSecretValue(cfg[key] as string);
    }
    if (cfg.headers) for (const h of Object.keys(cfg.headers)) cfg.headers[h] = redactSecretValue(cfg.headers[h]);
    if (cfg.url) cfg.url = maskUrlSecrets(cfg.url);
    if (cfg.proxy) cfg.proxy = maskUrlSecrets(cfg.proxy);
    if (cfg.params) for (const p of Object.keys(cfg.params)) if (isSecretName(p)) cfg.params[p] = redactSecretValue(cfg.params[p]);
  }
  if (out.notify) out.notify = redactNotify(out.notify);
  return out;
}

/** Set a dotted key (`prometheus.url`, `loki.headers.X-Token`) in a context, returning a new one. */
export function setPath(ctx: Context, path: string, value: unknown): Context {
  const out = structuredClone(ctx) as Record<string, unknown>;
  const parts = path.split('.');
  let node = out;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
  return out as Context;
}
