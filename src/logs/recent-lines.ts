/** A log line as a tail holds it: its time (ms), its stream's labels and its text. */
export interface TailLine {
  time: number;
  labels: Record<string, string>;
  line: string;
}

export interface NumberedLine extends TailLine {
  /** Arrival order, from 0, never reused: a reader holds on to a line by it while more arrive. */
  seq: number;
}

/** The last `capacity` lines of a tail, in arrival order; older lines are let go, so memory stays bounded. */
export class RecentLines {
  private readonly items: NumberedLine[] = [];
  private received = 0;

  constructor(readonly capacity = 5000) {}

  add(lines: readonly TailLine[]): void {
    for (const l of lines) this.items.push({ time: l.time, labels: l.labels, line: l.line, seq: this.received++ });
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  get lines(): readonly NumberedLine[] {
    return this.items;
  }

  /** Lines received since the start, kept or not. */
  get total(): number {
    return this.received;
  }

  /** Where line `seq` is among the kept lines; the oldest kept when it has been let go. */
  indexOf(seq: number): number {
    const oldest = this.items[0]?.seq ?? 0;
    return Math.max(0, Math.min(seq - oldest, this.items.length - 1));
  }
}
