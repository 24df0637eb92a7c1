/**
 * Board files on disk: listing the boards of some directories, finding one by name or path, and
 * loading it, whether it is a board file (YAML) or a Grafana dashboard (JSON).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Board } from './model.js';
import { parseBoard } from './parse.js';
import { boardToYaml } from './serialize.js';
import { GrafanaImportError, importGrafana, type GrafanaImport, type GrafanaImportOptions } from './grafana/import.js';
import { YamlReader, type Problem } from './yaml-reader.js';

export interface BoardFile {
  /** The file name without its extension: what `obs board show NAME` takes. */
  name: string;
  path: string;
  format: 'yaml' | 'grafana';
}

const EXTENSIONS: Record<string, BoardFile['format']> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'grafana' };

/** Board files in these directories, sorted by name; a name in an earlier directory hides later ones. */
export async function listBoards(dirs: readonly string[]): Promise<BoardFile[]> {
  const byName = new Map<string, BoardFile>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const entry of entries.sort()) {
      const format = EXTENSIONS[extname(entry).toLowerCase()];
      const name = basename(entry, extname(entry));
      if (format && !byName.has(name)) byName.set(name, { name, path: join(dir, entry), format });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A board by path (anything with a known extension that exists) or by name in `dirs`. */
export async function findBoard(nameOrPath: string, dirs: readonly string[]): Promise<BoardFile | undefined> {
  const format = EXTENSIONS[extname(nameOrPath).toLowerCase()];
  if (format && (await isFile(nameOrPath))) return { name: basename(nameOrPath, extname(nameOrPath)), path: nameOrPath, format };
  return (await listBoards(dirs)).find((b) => b.name === nameOrPath);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface LoadedBoard {
  file: BoardFile;
  /** Present when the file could be read as a board without problems. */
  board?: Board;
  problems: Problem[];
  /** For a Grafana dashboard: what was converted and what was left out. */
  grafana?: GrafanaImport;
}

/**
 * Read and validate a board. A Grafana dashboard is converted first; the converted board is then
 * validated like a board file, and its problems name the dashboard file.
 */
export async function loadBoard(file: BoardFile, options: GrafanaImportOptions = {}): Promise<LoadedBoard> {
  const text = await readFile(file.path, 'utf8');
  if (file.format === 'yaml') return { file, ...parseBoard(text, file.path) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { file, problems: [jsonProblem(file.path, text, err as Error)] };
  }
  let grafana: GrafanaImport;
  try {
    grafana = importGrafana(json, options);
  } catch (err) {
    if (!(err instanceof GrafanaImportError)) throw err;
    return { file, problems: [{ file: file.path, line: 1, column: 1, message: err.message }] };
  }
  const checked = parseBoard(boardToYaml(grafana.board), `${file.path} (converted)`);
  return { file, grafana, problems: checked.problems, ...(checked.board ? { board: grafana.board } : {}) };
}

/** Where JSON is broken: V8's messages do not always give a position, so let the YAML parser (JSON is YAML) find it. */
function jsonProblem(path: string, text: string, err: Error): Problem {
  const located = new YamlReader(path, text).problems[0];
  const where = located ? { line: located.line, column: located.column } : { line: 1, column: 1 };
  return { file: path, ...where, message: `not valid JSON: ${err.message}` };
}
