import { validateNotify } from '../notify/config.js';
import { parseDuration } from '../time/time.js';
import { ConfigError } from './errors.js';
import { BACKENDS, type ConfigData } from './types.js';
import { validateServicesConfig } from '../identity/config.js';
import { isRecord } from '../json/record.js';

const BACKEND_KEYS: Record<string, 'string' | 'boolean' | 'number' | 'map' | 'url' | 'duration'> = {
  url: 'url', bearer: 'string', username: 'string', password: 'string', headers: 'map', tenant: 'string',
  ca: 'string', cert: 'string', key: 'string', insecure: 'boolean', timeout: 'duration', concurrency: 'number',
  params: 'map', proxy: 'string',
};
const CONTEXT_KEYS: Record<string, 'string' | 'boolean' | 'duration' | 'list'> = {
  tenant: 'string', readOnly: 'boolean', timeout: 'duration', keyEvents: 'list',
  incidentDir: 'string', runbookDir: 'string', sloDir: 'string', boardDir: 'string',
};

/** Check a whole config; the first problem is thrown naming the context and the key. */
export function validateConfig(data: unknown): ConfigData {
  if (!isRecord(data)) throw new ConfigError('config: expected an object with "contexts"');
  const contexts = data.contexts ?? {};
  if (!isRecord(contexts)) throw new ConfigError('config: "contexts" must be an object of named contexts');
  for (const [name, ctx] of Object.entries(contexts)) {
    try {
      validateContext(name, ctx);
    } catch (e) {
      if (e instanceof ConfigError && e.keyPath) throw new ConfigError(e.message, e.hint, ['contexts', name, ...e.keyPath]);
      throw e;
    }
  }
  if (data.currentContext !== undefined && typeof data.currentContext !== 'string') throw new ConfigError('config: "currentContext" must be a string');
  return { currentContext: data.currentContext as string | undefined, contexts: contexts as ConfigData['contexts'] };
}

/** Check one context; a problem is thrown naming the context and key, with the key's path in the context. */
export function validateContext(name: string, ctx: unknown): void {
  if (!isRecord(ctx)) throw new ConfigError(`context "${name}": expected an object`, undefined, []);
  for (const [key, value] of Object.entries(ctx)) {
    // The services keys are checked by the identity module, which names the context and key itself.
    if (key === 'services') {
      validateServicesConfig((k) => `context "${name}", key "${k}"`, value);
      continue;
    }
    try {
      checkKey(key, value);
    } catch (e) {
      if (e instanceof ConfigError && e.keyPath) throw new ConfigError(`context "${name}", key "${e.keyPath.join('.')}": ${e.message}`, e.hint, e.keyPath);
      throw e;
    }
  }
}

function checkKey(key: string, value: unknown): void {
  if ((BACKENDS as readonly string[]).includes(key)) {
    if (!isRecord(value)) throw new ConfigError('expected an object with at least "url"', undefined, [key]);
    for (const [k, v] of Object.entries(value)) checkValue([key, k], BACKEND_KEYS[k], v);
  } else if (key === 'notify') validateNotify(value);
  else checkValue([key], CONTEXT_KEYS[key], value);
}

function checkValue(path: string[], kind: string | undefined, v: unknown): void {
  if (kind === undefined) throw new ConfigError('unknown key', 'see "Configuration" in the README for the keys a context takes', path);
  const problem = kindProblem(kind, v);
  if (problem) throw new ConfigError(problem, undefined, path);
}

/** What is wrong with a value that should be of `kind`, or undefined when nothing is. */
function kindProblem(kind: string, v: unknown): string | undefined {
  switch (kind) {
    case 'url':
      return typeof v !== 'string' || !/^https?:\/\/[^/]/.test(v) || !URL.canParse(v) ? `${JSON.stringify(v)} is not an http(s) URL` : undefined;
    case 'string':
      return typeof v !== 'string' ? 'expected a string' : undefined;
    case 'boolean':
      return typeof v !== 'boolean' ? 'expected true or false' : undefined;
    case 'number':
      return typeof v !== 'number' || !Number.isInteger(v) || v < 1 ? 'expected a whole number of at least 1' : undefined;
    case 'duration':
      try {
        if (typeof v !== 'string') throw new Error();
        parseDuration(v);
        return undefined;
      } catch {
        return `${JSON.stringify(v)} is not a duration like 30s or 2m`;
      }
    case 'map':
      return !isRecord(v) || Object.values(v).some((x) => typeof x !== 'string') ? 'expected a map of strings' : undefined;
    case 'list':
      return !Array.isArray(v) || v.some((x) => typeof x !== 'string') ? 'expected a list of strings' : undefined;
  }
  return undefined;
}

/**
 * Turn the text of `obs context set NAME KEY VALUE` into a typed value for KEY:
 * "true"/"false" for booleans, numbers for concurrency, comma lists for keyEvents.
 */
export function coerceSetting(key: string, text: string): unknown {
  const last = key.split('.').at(-1) ?? key;
  if (last === 'insecure' || last === 'readOnly') {
    if (text !== 'true' && text !== 'false') throw new ConfigError(`key "${key}": expected true or false, got ${JSON.stringify(text)}`);
    return text === 'true';
  }
  if (last === 'concurrency') return Number(text);
  if (key === 'keyEvents' || key === 'services.alertLabels' || key === 'services.logLabels') return text.split(',').map((s) => s.trim()).filter(Boolean);
  if (key === 'services.conventions') return parseJsonSetting(key, text);
  return text;
}

function parseJsonSetting(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`key "${key}": expected JSON, e.g. '[{"requests":"http_requests_total","serviceLabel":"app"}]'`);
  }
}
