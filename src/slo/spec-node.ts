/** A checked walk over a parsed YAML document, where every failure names file:line and the field. */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SpecLocation } from './types.js';

export interface SpecProblem extends SpecLocation {
  message: string;
}

/** `file:line: message`, the form editors and CI logs link to (`file: message` when no line applies). */
export function formatProblem(problem: SpecProblem): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

export class SpecError extends Error {
  readonly problem: SpecProblem;
  /** Every problem found: more than one when a reading went on past the first (SpecProblems). */
  readonly problems: SpecProblem[];
  constructor(problem: SpecProblem | SpecProblem[]) {
    const all = Array.isArray(problem) ? problem : [problem];
    super(all.map(formatProblem).join('\n'));
    this.name = 'SpecError';
    this.problem = all[0]!;
    this.problems = all;
  }
}

/** Reads the independent parts of a document one by one, keeping each part's problems, so one run reports them all. */
export class SpecProblems {
  private readonly found: SpecProblem[] = [];

  /** The part `read` reads, or undefined when it failed (its problems are kept). */
  take<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      this.found.push(...e.problems);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new SpecError(this.found);
  }
}

export interface SpecSource {
  file: string;
  lines: LineCounter;
}

export class SpecNode {
  constructor(
    private readonly source: SpecSource,
    private readonly node: Node | null,
    /** Dotted path for messages, e.g. `spec.objectives[0].target`. */
    readonly path: string,
    /** Where to point: the key of this field when there is one, else the node itself. */
    private readonly offset: number,
  ) {}

  static root(source: SpecSource, node: Node | null): SpecNode {
    return new SpecNode(source, node, '', node?.range?.[0] ?? 0);
  }

  get location(): SpecLocation {
    const pos = this.source.lines.linePos(this.offset);
    return { file: this.source.file, line: pos.line, column: pos.col };
  }

  /** Throw a SpecError at this node: "<path>: <message>". */
  fail(message: string): never {
    const what = this.path ? `${this.path}: ${message}` : message;
    throw new SpecError({ ...this.location, message: what });
  }

  isMap(): boolean {
    return isMap(this.node);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The field `key` of a mapping, or undefined when absent or null. */
  get(key: string): SpecNode | undefined {
    if (!isMap(this.node)) this.fail(`expected a mapping with "${key}"`);
    for (const pair of this.node.items) {
      const k = pair.key as Node | null;
      if (isScalar(k) && String(k.value) === key) {
        const value = pair.value as Node | null;
        if (value === null || (isScalar(value) && value.value === null)) return undefined;
        return new SpecNode(this.source, value, this.path ? `${this.path}.${key}` : key, k.range?.[0] ?? this.offset);
      }
    }
    return undefined;
  }

  require(key: string): SpecNode {
    const child = this.get(key);
    if (!child) {
      const where = this.path ? `${this.path}.${key}` : key;
      throw new SpecError({ ...this.location, message: `missing required field "${where}"` });
    }
    return child;
  }

  /** A scalar as text; numbers are accepted and written back as text. */
  string(): string {
    if (!isScalar(this.node) || (typeof this.node.value !== 'string' && typeof this.node.value !== 'number')) {
      this.fail('expected a text value');
    }
    return String(this.node.value).trim();
  }

  /** A finite number; a quoted number such as "99.9" is accepted. */
  number(): number {
    const value = isScalar(this.node) ? this.node.value : undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) this.fail(`expected a number, got ${describe(value ?? this.node)}`);
    return n;
  }

  boolean(): boolean {
    const value = isScalar(this.node) ? this.node.value : undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'True') return true;
    if (value === 'false' || value === 'False') return false;
    this.fail(`expected true or false, got ${describe(value ?? this.node)}`);
  }

  items(): SpecNode[] {
    if (!isSeq(this.node)) this.fail('expected a list');
    return this.node.items.map(
      (item, i) => new SpecNode(this.source, item as Node | null, `${this.path}[${i}]`, (item as Node | null)?.range?.[0] ?? this.offset),
    );
  }

  optionalString(key: string): string | undefined {
    return this.get(key)?.string();
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (isMap(value)) return 'a mapping';
  if (isSeq(value)) return 'a list';
  return String(value);
}
