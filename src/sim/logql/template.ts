import type { Labels } from './ast.js';
import { LogQLError } from './errors.js';

type Piece = string | { label: string } | { line: true };

/**
 * `line_format` templates, a subset of Go's text/template: text plus `{{.label}}` and `{{__line__}}`.
 * Labels that are not set render as the empty string.
 */
export function compileTemplate(source: string): (labels: Labels, line: string) => string {
  const pieces: Piece[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open < 0) {
      pieces.push(source.slice(pos));
      break;
    }
    if (open > pos) pieces.push(source.slice(pos, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new LogQLError(`parse error : template: line_format:1: unclosed action in ${JSON.stringify(source)}`);
    const action = source.slice(open + 2, close).replace(/^-\s|\s-$/g, '').trim();
    const label = /^\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(action);
    if (label) pieces.push({ label: label[1] });
    else if (action === '__line__') pieces.push({ line: true });
    else throw new LogQLError(`line_format: the obs demo Loki only supports {{.label}} and {{__line__}}, not {{${action}}}`);
    pos = close + 2;
  }
  return (labels, line) => {
    let out = '';
    for (const p of pieces) {
      if (typeof p === 'string') out += p;
      else if ('label' in p) out += labels[p.label] ?? '';
      else out += line;
    }
    return out;
  };
}
