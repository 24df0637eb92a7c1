import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { registerSecret } from '../http/redact.js';
import { ConfigError } from './errors.js';

/** Does this value point at a secret elsewhere instead of holding it? */
export function isSecretReference(value: string): boolean {
  return /^(env|file|cmd):/.test(value);
}

/**
 * Resolve a secret given as a literal, `env:NAME`, `file:PATH` or `cmd:COMMAND`. The resolved
 * value is registered for redaction; `where` names the context and key for error messages.
 */
export function resolveSecret(value: string | undefined, where: string): string | undefined {
  const resolved = resolveReference(value, where);
  registerSecret(resolved);
  return resolved;
}

/** A value that may be a reference like a secret's, but is not one: not registered for redaction. */
export function resolveReference(value: string | undefined, where: string): string | undefined {
  if (value === undefined) return undefined;
  let resolved: string;
  if (value.startsWith('env:')) {
    const name = value.slice(4);
    const v = process.env[name];
    if (v === undefined) throw new ConfigError(`${where}: environment variable ${name} is not set`);
    resolved = v;
  } else if (value.startsWith('file:')) {
    const path = value.slice(5).replace(/^~(?=\/)/, process.env.HOME ?? '~');
    try {
      resolved = readFileSync(path, 'utf8').trim();
    } catch (e) {
      throw new ConfigError(`${where}: cannot read secret file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (value.startsWith('cmd:')) {
    try {
      resolved = execSync(value.slice(4), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).trim();
    } catch (e) {
      throw new ConfigError(`${where}: secret command failed with exit code ${(e as { status?: number }).status ?? '?'}`);
    }
  } else resolved = value;
  return resolved;
}

/** How a secret is shown: references as written, literals as ***. */
export function redactSecretValue(value: string): string {
  return isSecretReference(value) ? value : '***';
}
