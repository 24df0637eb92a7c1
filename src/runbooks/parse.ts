import { basename } from 'node:path';
import { parseFrontMatter } from './frontmatter.js';
import { parseSteps } from './markdown.js';
import type { LintProblem, Runbook } from './types.js';

/**
 * Parse a Markdown runbook. Every problem carries its file line; the runbook is returned when
 * there are no errors (warnings allowed). Pure: the caller reads the file.
 */
export function parseRunbook(text: string, file: string): { runbook?: Runbook; problems: LintProblem[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { front, problems } = parseFrontMatter(lines, file);
  const body = parseSteps(lines, front.bodyStart, file, front.steps);
  problems.push(...body.problems);
  problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const runbook: Runbook = {
    name: basename(file).replace(/\.md$/i, ''),
    file,
    title: front.title!,
    match: front.match,
    intro: body.intro,
    steps: body.steps,
  };
  if (front.description) runbook.description = front.description;
  return { runbook, problems };
}
