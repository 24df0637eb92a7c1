import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseMatcher } from './matchers.js';
import type { LintProblem, RunbookMatch } from './types.js';

export interface FrontMatter {
  title?: string;
  description?: string;
  match: RunbookMatch;
  /** Force how steps are found instead of the first-come rule. */
  steps?: 'sections' | 'list';
  /** Index of the first line after the closing `---`. */
  bodyStart: number;
}

const KNOWN_KEYS = new Set(['title', 'description', 'match', 'steps', 'owner', 'tags']);
const MATCH_KEYS = new Set(['alerts', 'labels', 'services']);

/**
 * The YAML between a leading `---` and the next `---` (or `...`). Problems carry file lines.
 *
 *   title: Payments DB latency
 *   match:
 *     alerts: [PaymentsDbLatencyHigh]
 *     labels: ['severity=~"crit|page"']
 *     services: [payments-db]
 */
export function parseFrontMatter(lines: string[], file: string): { front: FrontMatter; problems: LintProblem[] } {
  const problems: LintProblem[] = [];
  const front: FrontMatter = { match: { alerts: [], labels: [], services: [] }, bodyStart: 0 };
  const error = (line: number, message: string, column?: number) =>
    problems.push({ file, line, ...(column === undefined ? {} : { column }), severity: 'error', message });
  const warning = (line: number, message: string) => problems.push({ file, line, severity: 'warning', message });

  if (lines[0]?.replace(/^\ufeff/, '').trimEnd() !== '---') {
    error(1, 'missing front matter: start the file with ---, then title: and match:, then ---');
    return { front, problems };
  }
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end === -1) {
    error(1, 'front matter is not closed: add a --- line after it');
    return { front, problems };
  }
  front.bodyStart = end + 1;

  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join('\n'), { lineCounter: counter });
  // The YAML starts on file line 2.
  const lineOf = (node: unknown): number => {
    const range = (node as Node | undefined)?.range;
    return range ? counter.linePos(range[0]).line + 1 : 1;
  };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    error(pos ? pos.line + 1 : 2, `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, pos?.col);
  }
  if (doc.errors.length) return { front, problems };
  if (!isMap(doc.contents)) {
    error(2, 'front matter must be a YAML mapping with title: and match:');
    return { front, problems };
  }

  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = lineOf(pair.key);
    const value = pair.value;
    switch (key) {
      case 'title':
      case 'description': {
        if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') error(line, `${key} must be text`);
        else front[key] = value.value.trim();
        break;
      }
      case 'steps':
        if (isScalar(value) && (value.value === 'sections' || value.value === 'list')) front.steps = value.value;
        else error(line, 'steps must be "sections" (## headings) or "list" (numbered items)');
        break;
      case 'match':
        if (!isMap(value)) {
          error(line, 'match must be a mapping with alerts:, labels: and/or services:');
          break;
        }
        for (const m of value.items) {
          const mkey = isScalar(m.key) ? String(m.key.value) : '';
          if (!MATCH_KEYS.has(mkey)) {
            error(lineOf(m.key), `unknown match key "${mkey}": use alerts, labels or services`);
            continue;
          }
          const items = isSeq(m.value) ? m.value.items : [m.value];
          for (const item of items) {
            const itemLine = lineOf(item ?? m.key);
            if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
              error(itemLine, `match.${mkey} takes a list of strings`);
              continue;
            }
            if (mkey === 'labels') {
              const parsed = parseMatcher(item.value);
              if ('error' in parsed) error(itemLine, parsed.error);
              else front.match.labels.push(parsed);
            } else {
              front.match[mkey as 'alerts' | 'services'].push(item.value.trim());
            }
          }
        }
        break;
      case 'owner':
      case 'tags':
        break;
      default:
        warning(line, `unknown front matter key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
  }
  if (!doc.contents.has('title')) error(2, 'front matter needs a title:');
  if (!doc.contents.has('match'))
    warning(2, 'no match: alerts, labels or services; this runbook is never picked for an incident, only run by name');
  return { front, problems };
}
