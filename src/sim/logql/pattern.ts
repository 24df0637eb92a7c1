import { LogQLError } from './errors.js';

type Part = { literal: string } | { capture: string };

/**
 * Loki's pattern expressions: literals and `<name>` captures (`<_>` captures nothing).
 * A capture runs up to the first occurrence of the next literal; a final capture takes the rest.
 */
export class Pattern {
  private readonly parts: Part[];

  constructor(readonly source: string) {
    this.parts = splitPattern(source);
  }

  /** Named captures for `| pattern`: fails at construction if there are none. */
  static forParser(source: string): Pattern {
    const p = new Pattern(source);
    if (!p.parts.some((x) => 'capture' in x && x.capture !== '_')) {
      throw new LogQLError(`parse error : at least one capture is required: ${JSON.stringify(source)}`);
    }
    return p;
  }

  /** Captures when the line matches the pattern from its start; `whole` also requires it to end where the pattern ends. */
  match(line: string, whole = false): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    let pos = 0;
    let pending: string | undefined;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i];
      if ('capture' in part) {
        pending = part.capture;
        continue;
      }
      const isLast = i === this.parts.length - 1;
      let at: number;
      if (pending === undefined) at = line.startsWith(part.literal, pos) ? pos : -1;
      else if (whole && isLast) at = line.endsWith(part.literal) && line.length - part.literal.length >= pos ? line.length - part.literal.length : -1;
      else at = line.indexOf(part.literal, pos);
      if (at < 0) return undefined;
      if (pending !== undefined && pending !== '_') out[pending] = line.slice(pos, at);
      pending = undefined;
      pos = at + part.literal.length;
    }
    if (pending !== undefined) {
      if (pending !== '_') out[pending] = line.slice(pos);
      pos = line.length;
    }
    if (whole && pos !== line.length) return undefined;
    return out;
  }
}

function splitPattern(source: string): Part[] {
  const parts: Part[] = [];
  const re = /<(_|[a-zA-Z_][a-zA-Z0-9_]*)>/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > last) parts.push({ literal: source.slice(last, m.index) });
    else if (parts.length > 0 && 'capture' in parts[parts.length - 1]) {
      throw new LogQLError(`parse error : found consecutive capture '${m[0]}': ${JSON.stringify(source)}`);
    }
    parts.push({ capture: m[1] });
    last = re.lastIndex;
  }
  if (last < source.length) parts.push({ literal: source.slice(last) });
  if (parts.length === 0) throw new LogQLError('parse error : empty pattern');
  return parts;
}
