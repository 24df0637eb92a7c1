/** The last `size` numbers of a stream, with their running sum: constant memory, O(1) per push. */
export class Ring {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  push(x: number): void {
    if (this.filled === this.size) this.total -= this.values[this.next]!;
    else this.filled++;
    this.values[this.next] = x;
    this.total += x;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
  }

  get full(): boolean {
    return this.filled === this.size;
  }

  get length(): number {
    return this.filled;
  }

  mean(): number {
    return this.filled === 0 ? 0 : this.total / this.filled;
  }
}
