/**
 * Typed reading of a parsed YAML document that remembers where each value came from, so every
 * problem is reported as file:line:column. Readers record problems and return undefined instead
 * of throwing, so one pass reports every problem in a file. Given no node (a missing key, already
 * reported by Fields.require), they return undefined without a second report.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { parseDuration, TimeSyntaxError } from '../time/time.js';

export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** "file:line:column: message", the form editors and CI annotate. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export class YamlReader {
  readonly problems: Problem[] = [];
  readonly root: Node | undefined;
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    source: string,
  ) {
    this.doc = parseDocument(source, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const err of this.doc.errors) {
      const { line, col } = this.lines.linePos(err.pos[0]);
      this.problems.push({ file, line, column: col, message: err.message.split('\n')[0] });
    }
    this.root = this.doc.errors.length > 0 ? undefined : (this.doc.contents ?? undefined);
  }

  /** Record a problem at a node (or at the start of the file). */
  error(node: Node | undefined, message: string): undefined {
    const { line, col } = this.position(node);
    this.problems.push({ file: this.file, line, column: col, message });
    return undefined;
  }

  position(node: Node | undefined): { line: number; col: number } {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return pos.line === 0 ? { line: 1, col: offset + 1 } : pos;
  }

  line(node: Node | undefined): number {
    return this.position(node).line;
  }

  private resolve(node: Node | undefined): Node | undefined {
    return node && isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
  }

  /**
   * The entries of a mapping, checked against the allowed keys: an unknown key is a problem
   * (with a suggestion when it looks like a typo of an allowed one).
   */
  fields(node: Node | undefined, what: string, allowed: readonly string[]): Fields | undefined {
    if (node === undefined) return undefined;
    const map = this.resolve(node);
    if (!map || !isMap(map)) return this.error(node, `${what} must be a mapping`);
    const entries = new Map<string, { key: Node; value: Node | undefined }>();
    for (const pair of map.items) {
      const key = pair.key as Node;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined) {
        this.error(key, `${what}: keys must be plain names`);
        continue;
      }
      if (!allowed.includes(name)) {
        const hint = closest(name, allowed);
        this.error(key, `${what}: unknown field "${name}"${hint ? `; did you mean "${hint}"?` : ''}`);
        continue;
      }
      entries.set(name, { key, value: this.resolve((pair.value ?? undefined) as Node | undefined) });
    }
    return new Fields(this, map as Node, what, entries);
  }

  items(node: Node | undefined, what: string): Node[] | undefined {
    if (node === undefined) return undefined;
    const seq = this.resolve(node);
    if (!seq || !isSeq(seq)) return this.error(node, `${what} must be a list`);
    return seq.items.map((item) => this.resolve(item as Node) ?? (item as Node));
  }

  string(node: Node | undefined, what: string): string | undefined {
    if (node === undefined) return undefined;
    if (node && isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      return String(node.value);
    }
    return this.error(node, `${what} must be a string`);
  }

  /** A string, or a list of strings. */
  strings(node: Node | undefined, what: string): string[] | undefined {
    if (node === undefined) return undefined;
    if (node && isSeq(node)) {
      const out: string[] = [];
      for (const item of this.items(node, what) ?? []) {
        const s = this.string(item, `each item of ${what}`);
        if (s === undefined) return undefined;
        out.push(s);
      }
      return out;
    }
    const one = this.string(node, `${what} (a string or a list of strings)`);
    return one === undefined ? undefined : [one];
  }

  number(node: Node | undefined, what: string, check?: { integer?: boolean; min?: number; max?: number }): number | undefined {
    if (node === undefined) return undefined;
    const v = node && isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.error(node, `${what} must be a number`);
    if (check?.integer && !Number.isInteger(v)) return this.error(node, `${what} must be a whole number`);
    if (check?.min !== undefined && v < check.min) return this.error(node, `${what} must be at least ${check.min}`);
    if (check?.max !== undefined && v > check.max) return this.error(node, `${what} must be at most ${check.max}`);
    return v;
  }

  boolean(node: Node | undefined, what: string): boolean | undefined {
    if (node === undefined) return undefined;
    const v = node && isScalar(node) ? node.value : undefined;
    if (typeof v !== 'boolean') return this.error(node, `${what} must be true or false`);
    return v;
  }

  duration(node: Node | undefined, what: string): number | undefined {
    const text = this.string(node, what);
    if (text === undefined) return undefined;
    try {
      const ms = parseDuration(text);
      if (ms <= 0) return this.error(node, `${what} must be longer than 0`);
      return ms;
    } catch (err) {
      if (err instanceof TimeSyntaxError) return this.error(node, `${what}: ${err.message}`);
      throw err;
    }
  }

  oneOf<T extends string>(node: Node | undefined, what: string, choices: readonly T[]): T | undefined {
    if (node === undefined) return undefined;
    const text = node && isScalar(node) ? node.value : undefined;
    if (typeof text === 'string' && (choices as readonly string[]).includes(text)) return text as T;
    const hint = typeof text === 'string' ? closest(text, choices) : undefined;
    return this.error(
      node,
      `${what} must be one of ${choices.join(', ')}${typeof text === 'string' ? `, not "${text}"` : ''}` +
        (hint ? `; did you mean "${hint}"?` : ''),
    );
  }
}

/** The checked entries of one mapping. */
export class Fields {
  constructor(
    private readonly reader: YamlReader,
    readonly node: Node,
    readonly what: string,
    private readonly entries: Map<string, { key: Node; value: Node | undefined }>,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The value node of a key (null values count as absent). */
  get(name: string): Node | undefined {
    const v = this.entries.get(name)?.value;
    return v && isScalar(v) && v.value === null ? undefined : v;
  }

  key(name: string): Node | undefined {
    return this.entries.get(name)?.key;
  }

  /** The value node, recording a problem when the key is missing. */
  require(name: string, description = name): Node | undefined {
    const v = this.get(name);
    if (v === undefined) this.reader.error(this.node, `${this.what} needs ${description}`);
    return v;
  }
}

/** The allowed name within edit distance 2, if any: a likely typo. */
export function closest(name: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of choices) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
