import { promises as fs, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from './parse.js';
import type { LintProblem, Runbook } from './types.js';

/**
 * Read the `*.md` runbooks of each directory, in order (e.g. ./runbooks, then the config
 * directory); a name found earlier wins. A missing directory is skipped; README.md is not a
 * runbook. Runbooks with errors are left out, their problems returned.
 */
export async function loadRunbooks(dirs: readonly string[]): Promise<{ runbooks: Runbook[]; problems: LintProblem[] }> {
  const runbooks: Runbook[] = [];
  const problems: LintProblem[] = [];
  for (const dir of dirs) {
    for (const file of await runbookFiles(dir)) {
      const result = parseRunbook(await fs.readFile(file, 'utf8'), file);
      problems.push(...result.problems);
      if (result.runbook && !runbooks.some((r) => r.name === result.runbook!.name)) runbooks.push(result.runbook);
    }
  }
  return { runbooks, problems };
}

/** Problems in the given files (`obs runbook lint FILE...`), in file order. */
export async function lintRunbookFiles(files: readonly string[]): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  for (const file of files) problems.push(...parseRunbook(await fs.readFile(file, 'utf8'), file).problems);
  return problems;
}

/** The runbook files of a directory, sorted; none when it does not exist. */
export async function runbookFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
    .map((e) => e.name)
    .sort()
    .map((n) => join(dir, n));
}

/** A runbook by file name (without .md) or, failing that, by title, case-insensitively. */
export function findRunbook(runbooks: readonly Runbook[], nameOrTitle: string): Runbook | undefined {
  const key = nameOrTitle.trim().toLowerCase().replace(/\.md$/, '');
  return runbooks.find((r) => r.name.toLowerCase() === key) ?? runbooks.find((r) => r.title.toLowerCase() === key);
}
