/**
 * Contexts that travel: `obs context export` writes one as a YAML file a team can keep in git
 * (without literal secrets), `obs context import` reads it back with file:line errors, and the
 * directories a context names may be relative to the config directory, so a repository holding
 * config.json, runbooks/, slo/ and boards/ works wherever it is checked out (OBS_HOME=repo).
 */
import { isAbsolute, dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { Document, isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from './errors.js';
import { decodeUrlPart } from '../http/redact.js';
import { isSecretName } from '../http/secret-name.js';
import { isSecretReference } from './secrets.js';
import { BACKENDS, type Backend, type Context } from './types.js';
import { validateContext } from './validate.js';
import { redactNotify } from '../notify/config.js';
import type { NotifyConfig } from '../notify/types.js';

const API_VERSION = 'obs/v1';
const KIND = 'Context';

/** Keys whose values are secrets; for Amplitude the username is the project's API key. */
function isSecretKey(backend: Backend, key: string): boolean {
  return key === 'bearer' || key === 'password' || (key === 'username' && backend === 'amplitude');
}

export interface ReplacedSecret {
  /** Dotted key in the context, e.g. `prometheus.bearer` or `loki.headers.X-Token`. */
  key: string;
  /** The `env:` reference written in its place. */
  placeholder: string;
}

export interface ExportedContext {
  /** The YAML file. */
  text: string;
  /** Literal secrets that were not written; each became an `env:` reference to set on import. */
  replaced: ReplacedSecret[];
  /** Secrets left out for another reason, each saying why (also a comment in the file). */
  warnings: string[];
}

/**
 * A context as a shareable YAML file. Secret references (`env:`, `file:`, `cmd:`) are kept as
 * written; a literal secret is never written: it becomes `env:OBS_<CONTEXT>_<BACKEND>_<KEY>` with
 * a comment, so the imported context says exactly which variable to set. Secrets written into a
 * URL get the same treatment: its user:password moves to `username`/`password` and its
 * secret-looking query parameters (api_key=...) to `params`, where references are allowed.
 */
export function exportContext(name: string, context: Context, header = ''): ExportedContext {
  const copy = structuredClone(context);
  const replaced: ReplacedSecret[] = [];
  const warnings: string[] = [];
  const conflicts = new Map<string, string>();
  // Channel names may hold dots, so a notify key's path is kept rather than split back out.
  const notifyPaths = new Map<string, string[]>();
  const placeholderFor = (path: string[]) => `env:${envName(['OBS', name, ...path])}`;
  for (const backend of BACKENDS) {
    const cfg = copy[backend] as Record<string, unknown> | undefined;
    if (!cfg) continue;
    for (const param of moveUrlSecrets(cfg)) {
      const warning = `${backend}.url's ${param}= was left out: ${backend}.params.${param} is set too, and that entry is kept`;
      warnings.push(warning);
      conflicts.set(`${backend}.params.${param}`, warning);
    }
    refuseProxyCredentials(name, backend, cfg.proxy);
    for (const [key, value] of Object.entries(cfg)) {
      if (isSecretKey(backend, key) && typeof value === 'string' && !isSecretReference(value)) {
        cfg[key] = placeholderFor([backend, key]);
        replaced.push({ key: `${backend}.${key}`, placeholder: cfg[key] as string });
      }
    }
    const headers = cfg.headers as Record<string, string> | undefined;
    for (const [header, value] of Object.entries(headers ?? {})) {
      if (isSecretReference(value)) continue;
      headers![header] = placeholderFor([backend, 'header', header]);
      replaced.push({ key: `${backend}.headers.${header}`, placeholder: headers![header] });
    }
    const params = cfg.params as Record<string, string> | undefined;
    for (const [param, value] of Object.entries(params ?? {})) {
      if (!isSecretName(param) || isSecretReference(value)) continue;
      params![param] = placeholderFor([backend, 'param', param]);
      replaced.push({ key: `${backend}.params.${param}`, placeholder: params![param] });
    }
  }
  if (copy.notify) replaceNotifySecrets(copy.notify, placeholderFor, (path, placeholder) => {
    replaced.push({ key: path.join('.'), placeholder });
    notifyPaths.set(path.join('.'), path);
  });
  const doc = new Document({ apiVersion: API_VERSION, kind: KIND, name, context: copy });
  for (const r of replaced) {
    const node = doc.getIn(['context', ...(notifyPaths.get(r.key) ?? splitKey(r.key))], true);
    if (isScalar(node)) node.comment = ` literal secret not exported: set ${r.placeholder.slice(4)} or replace this value`;
  }
  for (const [key, warning] of conflicts) {
    const node = doc.getIn(['context', ...splitKey(key)], true);
    if (isScalar(node)) node.comment = [node.comment, ` ${warning}`].filter(Boolean).join(';');
  }
  if (header) doc.commentBefore = header.split('\n').map((l) => ` ${l}`).join('\n');
  return { text: doc.toString({ lineWidth: 0 }), replaced, warnings };
}

/**
 * Replace the literal secrets of notification channels (routing keys, tokens, webhook URLs, header
 * values) with `env:` references. Which values are secrets is what `redactNotify` masks, so `obs
 * context show` and export agree.
 */
function replaceNotifySecrets(notify: NotifyConfig, placeholderFor: (path: string[]) => string, onReplaced: (path: string[], placeholder: string) => void): void {
  const masked = redactNotify(notify);
  for (const [channel, cfg] of Object.entries(notify.channels ?? {})) {
    const shown = masked.channels[channel] as unknown as Record<string, unknown>;
    const fields = cfg as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (key === 'headers' || shown[key] !== '***') continue;
      fields[key] = placeholderFor(['notify', channel, key]);
      onReplaced(['notify', 'channels', channel, key], fields[key] as string);
    }
    for (const header of Object.keys(cfg.headers ?? {})) {
      if ((shown.headers as Record<string, string>)[header] !== '***') continue;
      cfg.headers![header] = placeholderFor(['notify', channel, 'header', header]);
      onReplaced(['notify', 'channels', channel, 'headers', header], cfg.headers![header]);
    }
  }
}

/**
 * A proxy URL's user:password has no key of its own that could hold a reference instead, so a
 * context with one is not exported rather than exported with the secret or without the login.
 */
function refuseProxyCredentials(name: string, backend: Backend, proxy: unknown): void {
  let url: URL;
  try {
    url = new URL(String(proxy));
  } catch {
    return;
  }
  if (url.username || url.password)
    throw new ConfigError(
      `context "${name}", key "${backend}.proxy": the proxy URL holds user:password, which an exported file must not carry`,
      `put the proxy with its credentials in HTTPS_PROXY/HTTP_PROXY, set ${backend}.proxy to env (the default), and export again`,
    );
}

/**
 * Take the secrets out of a backend's URL into the keys that may hold references: user:password
 * into `username`/`password` (sent the same way, as Basic auth), secret-looking query parameters
 * into `params`. Userinfo is dropped when the backend has its own credentials: Node never sends
 * it then, as the Authorization header they make takes precedence. A parameter `params` already
 * names keeps the user's entry; the names so kept are returned.
 */
function moveUrlSecrets(cfg: Record<string, unknown>): string[] {
  let url: URL;
  try {
    url = new URL(String(cfg.url));
  } catch {
    return [];
  }
  const secretParams = [...new Set(url.searchParams.keys())].filter(isSecretName);
  if (!url.username && !url.password && secretParams.length === 0) return [];
  if ((url.username || url.password) && !(cfg.bearer || cfg.username || cfg.password)) {
    if (url.username) cfg.username = decodeUrlPart(url.username);
    if (url.password) cfg.password = decodeUrlPart(url.password);
  }
  url.username = '';
  url.password = '';
  const kept: string[] = [];
  if (secretParams.length > 0) {
    const params = (cfg.params ??= {}) as Record<string, string>;
    for (const p of secretParams) {
      if (p in params) kept.push(p);
      else params[p] = url.searchParams.get(p)!;
      url.searchParams.delete(p);
    }
  }
  cfg.url = url.toString();
  return kept;
}

/**
 * Read a file written by `exportContext` (or by hand). Every problem is a ConfigError that starts
 * with `file:line:column` (YAML syntax) or `file:line` (a wrong key or value, found by the same
 * validator as config.json).
 */
export function parseContextFile(text: string, file: string): { name: string; context: Context } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: unknown) => {
    const range = (node as Node | undefined)?.range;
    return range ? `${file}:${lines.linePos(range[0]).line}` : `${file}:1`;
  };
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new ConfigError(`${file}:${line}:${col}: YAML: ${error.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw new ConfigError(`${at(root)}: expected a context file: apiVersion: ${API_VERSION}, kind: ${KIND}, name:, context:`);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['apiVersion', 'kind', 'name', 'context'].includes(key)) throw new ConfigError(`${at(pair.key)}: unknown key "${key}" (a context file has apiVersion, kind, name and context)`);
  }
  const field = (key: string) => root.get(key, true) as Node | undefined;
  const apiVersion = doc.get('apiVersion');
  if (apiVersion !== API_VERSION) throw new ConfigError(`${at(field('apiVersion') ?? root)}: apiVersion must be ${API_VERSION}`);
  if (doc.get('kind') !== KIND) throw new ConfigError(`${at(field('kind') ?? root)}: kind must be ${KIND}`);
  const name = doc.get('name');
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigError(`${at(field('name') ?? root)}: name must be the context's name`);
  const contextNode = field('context');
  if (!isMap(contextNode)) throw new ConfigError(`${at(contextNode ?? root)}: context must be a mapping of backends and settings`);
  const context = contextNode.toJSON() as Context;
  try {
    validateContext(name, context);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const key = /key "([^"]+)"/.exec(e.message)?.[1];
    const node = key ? deepestNode(contextNode, splitKey(key)) : contextNode;
    throw new ConfigError(`${at(node)}: ${e.message}`, e.hint);
  }
  return { name, context };
}

/**
 * A directory named in a context (`runbookDir`, `sloDir`, `boardDir`, `incidentDir`): `~/` is the
 * home directory, and a relative path is taken from the directory holding config.json.
 */
export function contextDir(value: string | undefined, configFile: string): string | undefined {
  if (!value) return undefined;
  if (value === '~' || value.startsWith('~/')) return join(process.env.HOME ?? homedir(), value.slice(1));
  return isAbsolute(value) ? value : resolve(dirname(configFile), value);
}

/** `loki.headers.X-Token` -> [loki, headers, X-Token]; header names may contain dots, so the rest is one part. */
function splitKey(key: string): string[] {
  const parts = key.split('.');
  return parts[1] === 'headers' || parts[1] === 'params' ? [parts[0], parts[1], parts.slice(2).join('.')] : parts;
}

/** The node at `path`, or the deepest one that exists on the way (for a line to point at). */
function deepestNode(node: Node, path: string[]): Node {
  let current = node;
  for (const part of path) {
    if (!isMap(current)) break;
    const next = current.get(part, true) as Node | undefined;
    if (!next) {
      const pair = current.items.find((p) => isScalar(p.key) && p.key.value === part);
      return (pair?.key as Node | undefined) ?? current;
    }
    current = next;
  }
  return current;
}

function envName(parts: string[]): string {
  return parts.join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
