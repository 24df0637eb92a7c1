import { REQUEST_CONVENTIONS } from './conventions.js';
import type { MetricsIdentity } from './types.js';

/** The keys that tell obs how services are named, as `obs context set` takes them. */
export const SERVICE_KEYS_TO_SET = ['services.requests', 'services.duration', 'services.serviceLabel', 'services.codeLabel', 'services.errorCodes', 'services.unit', 'services.selector'];

/** What to say when no service was found: which conventions were looked for, and which keys to set. */
export function nothingFoundHint(identity: Pick<MetricsIdentity, 'configured'>, contextName: string): string {
  if (identity.configured)
    return `no services found with the context's conventions: check services.* with \`obs context show ${contextName}\` and \`obs doctor\``;
  const looked = [...new Set(REQUEST_CONVENTIONS.map((c) => c.requests))].slice(0, 6).join(', ');
  return `no services found: no known metric convention (${looked}, …, up{job}) is in this Prometheus; ` +
    `set ${SERVICE_KEYS_TO_SET.slice(0, 3).join(', ')} (e.g. \`obs context set ${contextName} services.serviceLabel app\`) or OBS_SERVICE_CONVENTIONS`;
}
