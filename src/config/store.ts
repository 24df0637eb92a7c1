import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Conf from 'conf';
import envPaths from 'env-paths';
import { ConfigError } from './errors.js';
import { jsonKeyPosition, jsonSyntaxProblem } from './json-locate.js';
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
    // The directory conf would pick, chosen here so that a broken file can be named in the error.
    const cwd = dir ?? envPaths('obs', { suffix: '' }).config;
    const path = join(cwd, 'config.json');
    this.conf = new Conf<ConfigData>({
      projectName: 'obs',
      projectSuffix: '',
      cwd,
      deserialize: (text) => parseConfigText(text, path),
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
      if (!(e instanceof ConfigError)) throw e;
      const at = e.keyPath && jsonKeyPosition(readFileSync(this.conf.path, 'utf8'), e.keyPath);
      throw new ConfigError(`${this.conf.path}${at ? `:${at.line}:${at.column}` : ''}: ${e.message}`, e.hint);
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

/** JSON.parse, with a syntax error named by file, line and column ("config.json:3:5: expected ..."). */
function parseConfigText(text: string, path: string): ConfigData {
  try {
    return JSON.parse(text) as ConfigData;
  } catch {
    const problem = jsonSyntaxProblem(text);
    const at = problem ? `:${problem.line}:${problem.column}` : '';
    throw new ConfigError(`${path}${at}: ${problem?.message ?? 'not valid JSON'}`, 'fix the file by hand, or move it away and add contexts again with `obs context add`');
  }
}

export function stateDir(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = configDir(dir, env);
  if (base) return join(base, 'state');
  const xdg = env.XDG_STATE_HOME ?? join(env.HOME ?? '.', '.local', 'state');
  return join(xdg, 'obs');
}
