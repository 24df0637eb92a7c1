import { parseDuration } from '../time/time.js';
import { ConfigError } from './errors.js';
import { BACKENDS, type ConfigData } from './types.js';
import { validateServicesConfig } from '../identity/config.js';

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
  if (!isObject(data)) throw new ConfigError('config: expected an object with "contexts"');
  const contexts = data.contexts ?? {};
  if (!isObject(contexts)) throw new ConfigError('config: "contexts" must be an object of named contexts');
  for (const [name, ctx] of Object.entries(contexts)) validateContext(name, ctx);
  if (data.currentContext !== undefined && typeof data.currentContext !== 'string') throw new ConfigError('config: "currentContext" must be a string');
  return { currentContext: data.currentContext as string | undefined, contexts: contexts as ConfigData['contexts'] };
}

export function validateContext(name: string, ctx: unknown): void {
  const where = (key: string) => `context "${name}", key "${key}"`;
  if (!isObject(ctx)) throw new ConfigError(`context "${name}": expected an object`);
  for (const [key, value] of Object.entries(ctx)) {
    if ((BACKENDS as readonly string[]).includes(key)) {
      if (!isObject(value)) throw new ConfigError(`${where(key)}: expected an object with at least "url"`);
      for (const [k, v] of Object.entries(value)) checkValue(where(`${key}.${k}`), BACKEND_KEYS[k], v);
    } else if (key === 'services') {
      validateServicesConfig(where, value);
    } else checkValue(where(key), CONTEXT_KEYS[key], value);
  }
}

function checkValue(where: string, kind: string | undefined, v: unknown): void {
  switch (kind) {
    case undefined:
      throw new ConfigError(`${where}: unknown key`, 'see "Configuration" in the README for the keys a context takes');
    case 'url':
      if (typeof v !== 'string' || !/^https?:\/\/[^/]/.test(v) || !URL.canParse(v)) throw new ConfigError(`${where}: ${JSON.stringify(v)} is not an http(s) URL`);
      return;
    case 'string':
      if (typeof v !== 'string') throw new ConfigError(`${where}: expected a string`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw new ConfigError(`${where}: expected true or false`);
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(`${where}: expected a whole number of at least 1`);
      return;
    case 'duration':
      try {
        if (typeof v !== 'string') throw new Error();
        parseDuration(v);
      } catch {
        throw new ConfigError(`${where}: ${JSON.stringify(v)} is not a duration like 30s or 2m`);
      }
      return;
    case 'map':
      if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: expected a map of strings`);
      return;
    case 'list':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: expected a list of strings`);
      return;
  }
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
