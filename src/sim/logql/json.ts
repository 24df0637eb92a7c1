import type { Extraction, Labels } from './ast.js';
import { sanitizeLabelName } from './labels.js';

/** Labels found in a line, or Loki's `__error__` name and details when the line does not parse. */
export type ExtractResult = { labels: Labels } | { error: string; details: string };

/** `| json`: every scalar field, nested keys joined with "_" (arrays are skipped, as Loki does). */
export function extractJson(line: string, extractions: Extraction[]): ExtractResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { error: 'JSONParserErr', details: (e as Error).message };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: 'JSONParserErr', details: 'Value is not an object' };
  }
  const labels: Labels = {};
  if (extractions.length > 0) {
    for (const { name, path } of extractions) {
      const found = lookup(value, parsePath(path));
      if (found !== undefined) labels[sanitizeLabelName(name)] = scalarText(found);
    }
    return { labels };
  }
  flatten(value as Record<string, unknown>, '', labels);
  return { labels };
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Labels): void {
  for (const [key, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}_${sanitizeLabelName(key, false)}` : sanitizeLabelName(key);
    if (Array.isArray(v)) continue;
    if (v !== null && typeof v === 'object') flatten(v as Record<string, unknown>, name, out);
    else out[name] = scalarText(v);
  }
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `a.b[0]["c.d"]` -> ['a', 'b', 0, 'c.d'] */
function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(m[3].replace(/\\(.)/g, '$1'));
  }
  return parts;
}

function lookup(value: unknown, path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
