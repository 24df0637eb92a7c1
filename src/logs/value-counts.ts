/**
 * How many lines had each value of one attribute (a level, a component) in a pattern, keeping
 * at most `max` values. Lines of a pattern mostly repeat the value the line before had, so that
 * value is counted without a lookup (the lookup of a new string hashes it first).
 */
export class ValueCounts {
  private readonly counts = new Map<string, { n: number }>();
  private last?: string;
  private lastCount = { n: 0 };

  constructor(private readonly max: number) {}

  add(value: string, n = 1): void {
    if (value === this.last) {
      this.lastCount.n += n;
      return;
    }
    let count = this.counts.get(value);
    if (!count) {
      if (this.counts.size >= this.max) return;
      this.counts.set(value, (count = { n: 0 }));
    }
    count.n += n;
    this.last = value;
    this.lastCount = count;
  }

  /** Value and count, in the order values were first seen. */
  *entries(): IterableIterator<[string, number]> {
    for (const [value, count] of this.counts) yield [value, count.n];
  }
}
