/** Where a context's SLO specs live: `-f` paths, else the context's `sloDir`, else `./slos` and `./slo`. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { contextDir } from '../config/portable.js';

export interface SloSpecSearch {
  /** `-f FILE|DIR` as given; they win over everything else. */
  files?: readonly string[];
  /** The context's `sloDir`, as written in the config. */
  sloDir?: string;
  /** The config file the context came from: a relative `sloDir` is taken from its directory. */
  configFile?: string;
  cwd: string;
}

export interface SloSpecPaths {
  paths: string[];
  from: 'flags' | 'context' | 'cwd';
}

export const DEFAULT_SLO_DIRS = ['slos', 'slo'];

/** The files and directories to load, or null when nothing says where the specs are. */
export function sloSpecPaths(search: SloSpecSearch): SloSpecPaths | null {
  if (search.files?.length) return { paths: [...search.files], from: 'flags' };
  if (search.sloDir) return { paths: [contextSloDir(search.sloDir, search.configFile, search.cwd)], from: 'context' };
  const present = DEFAULT_SLO_DIRS.filter((d) => existsSync(join(search.cwd, d)));
  return present.length ? { paths: present.map((d) => (search.cwd === process.cwd() ? d : join(search.cwd, d))), from: 'cwd' } : null;
}

function contextSloDir(sloDir: string, configFile: string | undefined, cwd: string): string {
  if (configFile) return contextDir(sloDir, configFile)!;
  if (sloDir === '~' || sloDir.startsWith('~/')) return join(homedir(), sloDir.slice(1));
  return isAbsolute(sloDir) ? sloDir : resolve(cwd, sloDir);
}

export const NO_SPECS_HINT =
  'pass -f FILE|DIR, set the context\'s sloDir (obs context set NAME sloDir DIR), or keep the specs in ./slos';
