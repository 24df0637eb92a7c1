import type { Extraction, Labels } from './ast.js';
import type { ExtractResult } from './json.js';
import { sanitizeLabelName } from './labels.js';

export interface LogfmtOptions {
  extractions: Extraction[];
  strict: boolean;
  keepEmpty: boolean;
}

/** `| logfmt`: key=value pairs, values optionally double-quoted with backslash escapes. */
export function extractLogfmt(line: string, options: LogfmtOptions): ExtractResult {
  const pairs: [string, string][] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line[i] !== ' ' && line[i] !== '"') i++;
    const key = line.slice(keyStart, i);
    if (line[i] === '"' || key === '') {
      if (options.strict) return { error: 'LogfmtParserErr', details: `logfmt syntax error at pos ${i + 1} : unexpected '"'` };
      while (i < n && line[i] !== ' ') i++;
      continue;
    }
    if (line[i] !== '=') {
      pairs.push([key, '']);
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = line[i++];
        if (c === '\\' && i < n) value += unescape(line[i++]);
        else if (c === '"') {
          closed = true;
          break;
        } else value += c;
      }
      if (!closed && options.strict) return { error: 'LogfmtParserErr', details: `logfmt syntax error at pos ${i} : unterminated quoted value` };
    } else {
      const start = i;
      while (i < n && line[i] !== ' ') i++;
      value = line.slice(start, i);
    }
    pairs.push([key, value]);
  }

  const labels: Labels = {};
  if (options.extractions.length > 0) {
    const wanted = new Map(options.extractions.map((e) => [e.path, sanitizeLabelName(e.name)]));
    for (const [key, value] of pairs) {
      const name = wanted.get(key);
      if (name !== undefined && (value !== '' || options.keepEmpty)) labels[name] = value;
    }
    return { labels };
  }
  for (const [key, value] of pairs) {
    if (value !== '' || options.keepEmpty) labels[sanitizeLabelName(key)] = value;
  }
  return { labels };
}

function unescape(c: string): string {
  if (c === 'n') return '\n';
  if (c === 't') return '\t';
  if (c === 'r') return '\r';
  return c;
}
