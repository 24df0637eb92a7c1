/**
 * Secrets never reach output, errors or debug logs. Every secret value that config resolution
 * produces is registered here, and every message that leaves src/http passes through `redact`.
 */

import { isSecretName } from './secret-name.js';

const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would blank out ordinary words; they are not worth protecting this way.
  if (!value || value.length < 4) return;
  secrets.add(value);
  // A secret sent in a URL travels percent-encoded (a base64 key's + / =), and an error page that
  // echoes the request line shows it so.
  for (const encoded of [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) secrets.add(encoded);
}

/**
 * Basic credentials travel as base64 of "user:password", which a server may echo back in an error
 * body: the encoded form is registered along with the password itself.
 */
export function registerBasicCredentials(username: string | undefined, password: string | undefined): void {
  registerSecret(password);
  if (username || password) registerSecret(Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64'));
}

/**
 * Credentials written into a URL: user:password (http://user:pass@host/), sent as Basic auth, and
 * the values of secret-looking query parameters (?api_key=...), sent with every request.
 */
export function registerUrlCredentials(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return;
  }
  for (const [key, value] of u.searchParams) if (isSecretName(key)) registerSecret(value);
  if (!u.username && !u.password) return;
  registerSecret(u.password);
  registerBasicCredentials(decodeUrlPart(u.username), decodeUrlPart(u.password));
}

/**
 * A webhook's URL is its credential: Slack, Discord and Teams put the token in the path
 * (/services/T…/B…/SECRET), and an error page may echo the path back. The path and its last
 * segment are registered, along with the URL's own credentials.
 */
export function registerWebhookUrl(url: string): void {
  registerUrlCredentials(url);
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return;
  }
  if (path.length > 1) registerSecret(path);
  registerSecret(path.split('/').filter(Boolean).pop());
}

/** A URL's user or password as sent: percent-decoded, or as written when it is not valid percent-encoding (`pa%zz`). */
export function decodeUrlPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** A URL as written when it holds no secret, else with its user:password and secret-looking parameters masked. */
export function maskUrlSecrets(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const holdsSecret = u.username || u.password || [...u.searchParams.keys()].some(isSecretName);
  return holdsSecret ? redactUrl(url) : url;
}

/** A URL safe to print: no user:password, secret-looking query parameters masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = u.username ? '***' : '';
      u.password = u.password ? '***' : '';
    }
    for (const key of [...u.searchParams.keys()]) if (isSecretName(key)) u.searchParams.set(key, '***');
    return redact(u.toString());
  } catch {
    return redact(url);
  }
}
