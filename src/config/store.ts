import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/**
 * The contexts file. Reading is a plain file read (every command reads it, and loading `conf` costs
 * about 100 ms); writing goes through `conf`, which writes atomically with mode 0600.
 */
export class ConfigStore {
  readonly path: string;
  private readonly dir: string;

  constructor(dir?: string) {
    // The directory conf would pick (XDG on Linux), so that reads and writes agree.
    this.dir = dir ?? envPaths('obs', { suffix: '' }).config;
    this.path = join(this.dir, 'config.json');
  }

  get exists(): boolean {
    return existsSync(this.path);
  }

  read(): ConfigData {
    const text = readText(this.path);
    try {
      return validateConfig(text === undefined ? { contexts: {} } : parseConfigText(text, this.path));
    } catch (e) {
      if (!(e instanceof ConfigError) || text === undefined || e.message.startsWith(this.path)) throw e;
      const at = e.keyPath && jsonKeyPosition(text, e.keyPath);
      throw new ConfigError(`${this.path}${at ? `:${at.line}:${at.column}` : ''}: ${e.message}`, e.hint);
    }
  }

  async write(data: ConfigData): Promise<void> {
    const { default: Conf } = await import('conf');
    const conf = new Conf<ConfigData>({
      projectName: 'obs',
      projectSuffix: '',
      cwd: this.dir,
      configName: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      deserialize: (text) => parseConfigText(text, this.path),
    });
    mkdirSync(dirname(this.path), { recursive: true });
    conf.store = validateConfig(data);
    chmodSync(this.path, 0o600);
  }

  context(name: string): Context | undefined {
    return this.read().contexts[name];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the file\'s permissions');
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
