import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  ALL,
  boardPanels,
  findBoard,
  formatProblem,
  GrafanaImportError,
  importedBoardYaml,
  importGrafana,
  importSummary,
  listBoards,
  loadBoard,
  type Board,
  type GrafanaImport,
  type QuerySource,
  type ResolvedVariable,
} from '../src/boards/index.js';
import { boardClients, liveBoard, type BoardSnapshot, type LiveBoard } from '../src/boards/live.js';
import type { Backends } from '../src/backends/index.js';
import { ConfigError } from '../src/config/errors.js';
import { packageRoot } from '../src/config/package-root.js';
import { contextDir } from '../src/config/portable.js';
import { sanitize } from '../src/output/sanitize.js';
import { loadContextSlos } from '../src/slo/live.js';
import type { SloDefinition } from '../src/slo/types.js';
import { parseDuration } from '../src/time/time.js';
import { detectTerminal } from '../views/terminal.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';
import { inkScreen } from './ink.js';

export interface BoardShowFlags {
  var?: string[];
  once?: boolean;
  width?: string;
  height?: string;
  refresh?: string;
  ascii?: boolean;
}

const NOT_FOUND_HINT = 'see `obs board list`; boards are found in the context\'s boardDir (obs context set NAME boardDir DIR) and ./boards, or give a path to a .yaml or .json file';

/** Where boards are looked up by name: the context's boardDir, ./boards, and with --demo the shipped ones. */
async function boardDirs(s: Session): Promise<string[]> {
  const dirs: string[] = [];
  if (!s.opts.demo) {
    const own = (await s.context()).context.boardDir;
    const file = await configFile(s);
    if (own) dirs.push(file ? contextDir(own, file)! : resolve(own));
  }
  dirs.push(resolve('boards'));
  if (s.opts.demo) dirs.push(join(packageRoot(), 'boards'));
  return dirs;
}

/** The config file a stored context came from, so its relative directories are read from there. */
async function configFile(s: Session): Promise<string | undefined> {
  if (s.opts.demo) return undefined;
  const { ConfigStore, configDir } = await import('../src/config/store.js');
  return new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
}

/** A board by name or path, validated; a missing board or any problem is a ConfigError (exit 2). */
async function openBoard(s: Session, nameOrPath: string): Promise<{ board: Board; grafana?: GrafanaImport }> {
  const file = await findBoard(nameOrPath, await boardDirs(s));
  if (!file) throw new ConfigError(`no board "${sanitize(nameOrPath, { maxLength: 200 })}"`, NOT_FOUND_HINT);
  const loaded = await loadBoard(file);
  if (!loaded.board) {
    const shown = loaded.problems.slice(0, 5).map((p) => `  ${sanitize(formatProblem(p), { maxLength: 500 })}`);
    const more = loaded.problems.length > 5 ? [`  … and ${loaded.problems.length - 5} more (obs board lint ${sanitize(file.path)})`] : [];
    throw new ConfigError(`board ${sanitize(file.path)} has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}:\n${[...shown, ...more].join('\n')}`);
  }
  return { board: loaded.board, ...(loaded.grafana ? { grafana: loaded.grafana } : {}) };
}

/** The context's SLO specs, for slo panels; loaded when one first asks. */
function sloSpecs(s: Session, backends: Backends): () => Promise<SloDefinition[]> {
  return async () => {
    const { slos, problems } = await loadContextSlos(backends.context.context, process.cwd(), await configFile(s));
    if (problems.length > 0) throw new Error(`slo: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the SLO specs (obs slo list shows them)`);
    return slos;
  };
}

/** What `:board NAME` in `obs top` opens: the board bound to the session's backends. */
export function boardLoader(s: Session, backends: Backends): (name: string) => Promise<LiveBoard> {
  return async (name) => liveBoard((await openBoard(s, name)).board, boardClients(backends, sloSpecs(s, backends), s.io.now), s.io.now);
}

export async function runBoardList(s: Session): Promise<void> {
  const files = await listBoards(await boardDirs(s));
  const rows = await Promise.all(
    files.map(async (file) => {
      const loaded = await loadBoard(file).catch((e: Error) => ({ board: undefined, problems: [{ message: e.message }] }));
      return {
        name: file.name,
        title: loaded.board?.title ?? '',
        panels: loaded.board ? boardPanels(loaded.board).length : undefined,
        format: file.format,
        problems: loaded.problems.length,
        path: file.path,
      };
    }),
  );
  if (rows.length === 0 && s.format() === 'table') {
    s.warn(`no boards found; ${NOT_FOUND_HINT}`);
    return;
  }
  s.output(rows, [
    { header: 'NAME', value: (r) => r.name },
    { header: 'TITLE', value: (r) => (r.problems ? `(${r.problems} problem${r.problems === 1 ? '' : 's'}: obs board lint)` : r.title) },
    { header: 'PANELS', value: (r) => r.panels, align: 'right' },
    { header: 'FORMAT', value: (r) => r.format },
    { header: 'PATH', value: (r) => r.path },
  ], { boards: rows });
}

export async function runBoardLint(s: Session, paths: string[]): Promise<void> {
  const files = paths.length
    ? await Promise.all(paths.map(async (p) => (await findBoard(p, [])) ?? { name: p, path: p, format: 'yaml' as const }))
    : await listBoards(await boardDirs(s));
  if (files.length === 0) throw new ConfigError('no board files to lint', NOT_FOUND_HINT);
  let problems = 0;
  let bad = 0;
  for (const file of files) {
    const found = await loadBoard(file).catch((e: NodeJS.ErrnoException) => ({ problems: [{ file: file.path, line: 1, column: 1, message: e.code === 'ENOENT' ? 'no such file' : e.message }] }));
    for (const p of found.problems) s.print(sanitize(formatProblem(p), { maxLength: 2000 }));
    problems += found.problems.length;
    if (found.problems.length) bad++;
  }
  if (problems > 0) throw new ExitWith(EXIT.usage, `${problems} problem${problems === 1 ? '' : 's'} in ${bad} of ${files.length} board${files.length === 1 ? '' : 's'}`);
  s.io.stderr.write(`obs: ${files.length} board${files.length === 1 ? '' : 's'} ok\n`);
}

export async function runBoardImport(s: Session, path: string, o: { datasource?: string[] }): Promise<void> {
  const datasources: Record<string, QuerySource> = {};
  for (const d of o.datasource ?? []) {
    const m = /^(.+)=(prometheus|loki)$/.exec(d);
    if (!m) throw new ConfigError(`--datasource ${sanitize(d)}: expected NAME=prometheus or NAME=loki`);
    datasources[m[1]] = m[2] as QuerySource;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(`${sanitize(path)}: ${err.code === 'ENOENT' ? 'no such file' : `not a Grafana dashboard JSON: ${sanitize(err.message)}`}`);
  }
  let result: GrafanaImport;
  try {
    result = importGrafana(json, { datasources });
  } catch (e) {
    if (e instanceof GrafanaImportError) throw new ConfigError(`${sanitize(path)}: ${sanitize(e.message)}`);
    throw e;
  }
  s.io.stdout.write(importedBoardYaml(result));
  s.io.stderr.write(importSummary(result).join('\n') + '\n');
}

export async function runBoardShow(s: Session, nameOrPath: string, o: BoardShowFlags): Promise<void> {
  const asked = parseVars(o.var ?? []);
  const refreshMs = o.refresh === undefined ? undefined : parseDuration(o.refresh);
  if (refreshMs !== undefined && refreshMs < 500) throw new ConfigError('--refresh must be at least 500ms');
  const { board, grafana } = await openBoard(s, nameOrPath);
  const unknown = Object.keys(asked).filter((n) => !board.variables.some((v) => v.name === n));
  if (unknown.length) throw new ConfigError(`the board has no variable $${sanitize(unknown[0])}`, `its variables: ${board.variables.map((v) => `$${v.name}`).join(', ') || 'none'}`);
  if (grafana?.skipped.length) s.warn(`${grafana.skipped.length} part${grafana.skipped.length === 1 ? '' : 's'} of the Grafana dashboard not converted, or not exactly; \`obs board import ${sanitize(nameOrPath)}\` lists them`);
  const backends = await s.backends();
  const live = liveBoard(board, boardClients(backends, sloSpecs(s, backends), s.io.now), s.io.now);
  const tty = s.io.stdout.isTTY === true && s.io.stdin.isTTY === true;
  if (o.once || !tty) return drawOnce(s, live, asked, o);

  const [screen, { BoardApp }] = await Promise.all([inkScreen(s, { ascii: o.ascii }), import('../views/boards/board-app.js')]);
  await screen.run(screen.React.createElement(BoardApp, { load: async () => live, asked, theme: screen.theme, contextName: backends.context.name, refreshMs, now: s.io.now }), { fullScreen: true });
}

/** `--var name=value`, repeatable for several values; `name=$__all` selects All. */
function parseVars(flags: string[]): Record<string, string[]> {
  const asked: Record<string, string[]> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--var ${sanitize(flag)}: expected name=value`);
    const name = flag.slice(0, eq).replace(/^\$/, '');
    (asked[name] ??= []).push(flag.slice(eq + 1));
  }
  return asked;
}

/** Resolve, refresh once and print the board as text: for scripts, CI and tests. */
async function drawOnce(s: Session, live: LiveBoard, asked: Record<string, string[]>, o: BoardShowFlags): Promise<void> {
  const width = positive(o.width, '--width') ?? s.io.stdout.columns ?? 120;
  const height = positive(o.height, '--height');
  if (width < 40) throw new ConfigError('--width must be at least 40');
  const { variables, errors } = await live.resolve(asked);
  const wrong = errors.filter((e) => e.variable in asked);
  if (wrong.length) throw new ConfigError(sanitize(wrong[0].message), `choose with --var ${wrong[0].variable}=VALUE (repeat for several; ${ALL} for All)`);
  for (const e of errors) s.warn(sanitize(e.message, { maxLength: 500 }));
  const snapshot = await live.refresh(variables);
  const caps = detectTerminal(s.io.env, { color: s.color, ascii: o.ascii });
  const text = await renderBoard(live.board, variables, snapshot, { width, height, ...caps });
  s.print(caps.color ? text : stripVTControlCharacters(text));
  const failed = Object.entries(snapshot.panels).filter(([, p]) => 'error' in p);
  if (failed.length) throw new ExitWith(EXIT.backend, `${failed.length} panel${failed.length === 1 ? '' : 's'} could not be drawn: ${failed.map(([id]) => id).join(', ')}`);
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${flag} must be a positive whole number`);
  return n;
}

/** The board as text, `width` columns wide, as a terminal `height` rows tall would show it (default: all of it). */
export async function renderBoard(board: Board, variables: Record<string, ResolvedVariable>, snapshot: BoardSnapshot, o: { width: number; height?: number; color: boolean; unicode: boolean }): Promise<string> {
  const [{ renderToString }, React, { BoardView }, { foldPanelStates }, { makeTheme, ThemeContext }, { toAscii }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../views/boards/board-view.js'),
    import('../views/boards/panel-state.js'),
    import('../views/theme.js'),
    import('../views/glyphs.js'),
  ]);
  const panels = foldPanelStates({}, { data: snapshot, loading: false, stale: false, updatedAt: snapshot.at }, boardPanels(board).map((p) => p.id));
  const shown = board.variables.filter((v) => !v.hidden && variables[v.name]).map((v) => variables[v.name]);
  const view = React.createElement(BoardView, { board, variables: shown, selectedVariable: -1, panels, width: o.width, height: o.height, scroll: 0, now: snapshot.at, status: `at ${new Date(snapshot.at).toISOString().slice(11, 19)} UTC` });
  const text = renderToString(React.createElement(ThemeContext.Provider, { value: makeTheme({ color: o.color, unicode: o.unicode }) }, view), { columns: o.width });
  return o.unicode ? text : toAscii(text);
}
