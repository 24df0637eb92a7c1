import { createHash } from 'node:crypto';
import { WILDCARD } from './mask.js';
import { messageOf } from './message.js';

/**
 * The stable id of a template: the same template text gets the same id in every run and on
 * every machine, so ids can be compared across windows, runs and saved files.
 */
export function patternId(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 12);
}

/**
 * The values a line gives to the wildcards of a template, in order, or undefined when the line
 * does not fit the template. Whitespace runs in the line count as one space (templates are
 * written with single spaces); the line's message is read (see messageOf: no header, a JSON or
 * logfmt line's message field). Each literal part of the template is matched at its first
 * occurrence, so a value may itself contain spaces ("1190 bytes (1.16 KB)").
 */
export function extractParameters(template: string, line: string): string[] | undefined {
  const text = messageOf(line).text.trim().split(/\s+/).join(' ');
  const literals = template.split(WILDCARD);
  const first = literals[0]!;
  if (literals.length === 1) return text === template ? [] : undefined;
  if (!text.startsWith(first)) return undefined;
  const values: string[] = [];
  let pos = first.length;
  for (let i = 1; i < literals.length; i++) {
    const literal = literals[i]!;
    let end: number;
    if (i === literals.length - 1) {
      end = text.length - literal.length;
      if (end < pos || !text.endsWith(literal)) return undefined;
    } else {
      end = literal === '' ? pos + 1 : text.indexOf(literal, pos + 1);
      if (end < 0) return undefined;
    }
    if (end <= pos) return undefined;
    values.push(text.slice(pos, end));
    pos = end + literal.length;
  }
  return values;
}
