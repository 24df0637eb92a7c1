import { EXPECT_FORMS, parseExpectation } from './expect.js';
import { querySyntaxError } from './query-syntax.js';
import { EXECUTABLE_LANGS, type BlockLang, type CodeBlock, type LintProblem, type RunbookStep } from './types.js';

/**
 * The steps of a runbook body. Steps are either the `##` sections or the items of the numbered
 * list, whichever comes first in the body (front matter `steps: sections|list` overrides that).
 * A `##` section runs to the next `#` or `##` heading; a list item runs to the next item of the
 * same list, and the list ends at the next heading. Fenced blocks with info string promql, logql,
 * obs or sh are the step's actions:
 *
 *   ```promql expect="< 0.5"          query checked against the expectation
 *   ```logql expect="empty"
 *   ```sh dangerous=true               never runs unless dangerous steps are allowed
 */

interface Fence {
  open: number;
  /** Index of the closing fence line, or -1 when the file ends first. */
  close: number;
  indent: number;
  info: string;
  content: string[];
}

const FENCE_OPEN = /^( *)(`{3,}|~{3,})(.*)$/;
const H2 = /^ {0,3}##(?!#)[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const SECTION_END = /^ {0,3}#{1,2}(?!#)(?:[ \t]|$)/;
const ORDERED_ITEM = /^( *)\d{1,9}[.)](?:[ \t]+(.*))?$/;
const STRAY_ATTRIBUTE = /^\s*(expect|dangerous)\s*:/i;

export function parseSteps(
  lines: string[],
  start: number,
  file: string,
  forced?: 'sections' | 'list',
): { intro: string; steps: RunbookStep[]; problems: LintProblem[] } {
  const problems: LintProblem[] = [];
  const error = (index: number, message: string, column?: number) =>
    problems.push({ file, line: index + 1, ...(column === undefined ? {} : { column }), severity: 'error', message });

  const { fences, inFence } = scanFences(lines, start);
  for (const f of fences) if (f.close === -1) error(f.open, 'code block is not closed: add the closing fence');
  const prose = (i: number) => i >= start && !inFence[i];

  const firstH2 = lines.findIndex((l, i) => prose(i) && H2.test(l));
  const firstItem = lines.findIndex((l, i) => prose(i) && ORDERED_ITEM.test(l));
  const mode =
    forced ??
    (firstH2 === -1 && firstItem === -1 ? undefined : firstItem === -1 || (firstH2 !== -1 && firstH2 < firstItem) ? 'sections' : 'list');

  // [start line, end line (exclusive), title] per step.
  const ranges: [number, number, string][] = [];
  if (mode === 'sections') {
    for (let i = start; i < lines.length; i++) {
      const m = prose(i) ? H2.exec(lines[i]) : null;
      if (!m) continue;
      let end = i + 1;
      while (end < lines.length && !(prose(end) && SECTION_END.test(lines[end]))) end++;
      ranges.push([i, end, m[1]]);
    }
  } else if (mode === 'list' && firstItem !== -1) {
    const indent = ORDERED_ITEM.exec(lines[firstItem])![1].length;
    let listEnd = firstItem + 1;
    while (listEnd < lines.length && !(prose(listEnd) && HEADING.test(lines[listEnd]))) listEnd++;
    const items: number[] = [];
    for (let i = firstItem; i < listEnd; i++) {
      const m = prose(i) ? ORDERED_ITEM.exec(lines[i]) : null;
      if (m && m[1].length <= indent) items.push(i);
    }
    items.forEach((i, k) => ranges.push([i, items[k + 1] ?? listEnd, ORDERED_ITEM.exec(lines[i])![2]?.trim() ?? '']));
  }
  if (ranges.length === 0) error(start, 'no steps: number the steps (1. ...) or give each step a ## heading');

  const fenceAt = new Map(fences.map((f) => [f.open, f]));
  const steps: RunbookStep[] = ranges.map(([from, to, heading], k) => {
    // "**Check the pool.** More words" -> title "Check the pool.", the rest is text.
    const lead = /^(\*\*|__)(.+?)\1\s*(.*)$/.exec(heading);
    const title = lead ? lead[2].trim() : heading;
    const blocks: CodeBlock[] = [];
    const text: string[] = [];

    for (let i = from + 1; i < to; i++) {
      const fence = fenceAt.get(i);
      if (fence) {
        const block = toBlock(fence, error);
        if (block) blocks.push(block);
        else text.push(...lines.slice(i, fence.close === -1 ? to : fence.close + 1));
        i = fence.close === -1 ? to : fence.close;
        continue;
      }
      if (STRAY_ATTRIBUTE.test(lines[i])) {
        const key = STRAY_ATTRIBUTE.exec(lines[i])![1].toLowerCase();
        error(i, `"${key}:" on its own line is not read; put it on the fence: ${key === 'expect' ? '```promql expect="< 0.01"' : '```sh dangerous=true'}`);
      }
      text.push(lines[i]);
    }
    const body = dedent(text).trim();
    const rest = lead?.[3] ?? '';
    return { index: k + 1, title: title || `Step ${k + 1}`, line: from + 1, text: rest && body ? `${rest}\n${body}` : rest || body, blocks };
  });

  // Executable blocks outside every step would silently never run.
  const inStep = (i: number) => ranges.some(([from, to]) => i > from && i < to);
  for (const f of fences) {
    const lang = f.info.trim().split(/\s+/)[0]?.toLowerCase();
    if (isExecutable(lang) && !inStep(f.open))
      problems.push({ file, line: f.open + 1, severity: 'warning', message: `this ${lang} block is not inside a step, so it never runs` });
  }
  const introEnd = ranges[0]?.[0] ?? lines.length;
  return { intro: lines.slice(start, introEnd).join('\n').trim(), steps, problems };
}

function scanFences(lines: string[], start: number): { fences: Fence[]; inFence: boolean[] } {
  const fences: Fence[] = [];
  const inFence = lines.map(() => false);
  for (let i = start; i < lines.length; i++) {
    const m = FENCE_OPEN.exec(lines[i]);
    if (!m || (m[2][0] === '`' && m[3].includes('`'))) continue;
    const [, indent, marker, info] = m;
    const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let close = i + 1;
    while (close < lines.length && !closing.test(lines[close])) close++;
    const end = close < lines.length ? close : -1;
    const last = end === -1 ? lines.length - 1 : end;
    for (let j = i; j <= last; j++) inFence[j] = true;
    const content = lines.slice(i + 1, end === -1 ? lines.length : end).map((l) => stripIndent(l, indent.length));
    fences.push({ open: i, close: end, indent: indent.length, info: info.trim(), content });
    i = last;
  }
  return { fences, inFence };
}

function isExecutable(lang: string | undefined): lang is BlockLang {
  return (EXECUTABLE_LANGS as readonly (string | undefined)[]).includes(lang);
}

/** `promql expect="< 0.01" dangerous` -> lang and attributes; undefined when the block is prose. */
function toBlock(fence: Fence, error: (index: number, message: string, column?: number) => void): CodeBlock | undefined {
  const attrs = parseInfo(fence.info);
  const lang = attrs.shift()?.key.toLowerCase();
  if (!isExecutable(lang)) return undefined;
  const block: CodeBlock = { lang, code: fence.content.join('\n').trim(), line: fence.open + 1, dangerous: false };
  for (const { key, value } of attrs) {
    if (key === 'expect') {
      if (lang === 'sh') {
        error(fence.open, 'expect is for query blocks (promql, logql, obs), not sh');
        continue;
      }
      if (value === undefined) {
        error(fence.open, `expect needs a value, e.g. expect="< 0.01" (${EXPECT_FORMS})`);
        continue;
      }
      const parsed = parseExpectation(value);
      if ('error' in parsed) error(fence.open, parsed.error);
      else block.expect = parsed;
    } else if (key === 'dangerous') {
      if (lang !== 'sh') error(fence.open, 'only sh blocks can be marked dangerous');
      else if (value === undefined || value === 'true') block.dangerous = true;
      else if (value !== 'false') error(fence.open, 'dangerous is true or false');
    } else if (key === '') {
      error(fence.open, `cannot read the info string "${fence.info}": write attributes as key="value"`);
    } else {
      error(fence.open, `unknown attribute "${key}" (known: expect, dangerous)`);
    }
  }
  if (block.code === '') error(fence.open, `empty ${lang} block`);
  else if (lang === 'promql' || lang === 'logql') {
    const syntax = querySyntaxError(lang, block.code);
    if (syntax) {
      const before = block.code.slice(0, syntax.offset).split('\n');
      // The block's code was trimmed: find where its first line sits in the fence content.
      const lead = fence.content.findIndex((l) => l.trim() !== '');
      const firstIndent = lead === -1 ? 0 : fence.content[lead].length - fence.content[lead].trimStart().length;
      const column = (before.length === 1 ? firstIndent : 0) + before[before.length - 1].length + fence.indent + 1;
      error(fence.open + 1 + lead + before.length - 1, syntax.message, column);
    }
  }
  return block;
}

const ATTRIBUTE = /\s*(?:([A-Za-z][\w-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+))?|(\S+))/y;

function parseInfo(info: string): { key: string; value?: string }[] {
  const out: { key: string; value?: string }[] = [];
  ATTRIBUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (ATTRIBUTE.lastIndex < info.length && (m = ATTRIBUTE.exec(info))) {
    if (m[3] !== undefined) {
      out.push({ key: '' });
      break;
    }
    const raw = m[2];
    const value = raw === undefined ? undefined : raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.startsWith("'") ? raw.slice(1, -1) : raw;
    out.push({ key: m[1], value });
  }
  return out;
}

function stripIndent(line: string, n: number): string {
  let i = 0;
  while (i < n && line[i] === ' ') i++;
  return line.slice(i);
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))).join('\n');
}
