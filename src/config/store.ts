import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Conf from 'conf';
import { ConfigError } from './errors.js';
import type { ConfigData, Context } from './types.js';
import { validateConfig } from './validate.js';

/**
 * Where obs keeps its config: `--config-dir`, else `OBS_HOME`, else the XDG config dir that
 * `conf` picks (~/.config/obs on Linux).
 */
export function configDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return explicit ?? env.OBS_HOME ?? undefined;
}

/** The contexts file, read and written through `conf` with mode 0600. */
export class ConfigStore {
  private readonly conf: Conf<ConfigData>;

  constructor(dir?: string) {
    this.conf = new Conf<ConfigData>({
      projectName: 'obs',
      projectSuffix: '',
      cwd: dir,
      configName: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      defaults: { contexts: {} },
    });
  }

  get path(): string {
    return this.conf.path;
  }

  get exists(): boolean {
    return existsSync(this.conf.path);
  }

  read(): ConfigData {
    try {
      return validateConfig(this.conf.store);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`${this.conf.path}: ${e.message}`, e.hint);
      throw e;
    }
  }

  write(data: ConfigData): void {
    mkdirSync(dirname(this.conf.path), { recursive: true });
    this.conf.store = validateConfig(data);
    chmodSync(this.conf.path, 0o600);
  }

  context(name: string): Context | undefined {
    return this.read().contexts[name];
  }
}

export function stateDir(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = configDir(dir, env);
  if (base) return join(base, 'state');
  const xdg = env.XDG_STATE_HOME ?? join(env.HOME ?? '.', '.local', 'state');
  return join(xdg, 'obs');
}
