/**
 * What the series did around the same time one season (or several) ago: for every past point, the
 * lowest and highest value within `slack` points either side of it, so that "the same time
 * yesterday" tolerates a little jitter. Constant memory (two numbers per remembered point) and O(slack)
 * work per point; a look-up is O(1).
 */
export class SeasonMemory {
  /** The lowest and highest value of the stretch centred `lag` points before now (after `rangeAgo`). */
  low = 0;
  high = 0;
  private readonly recent: Float64Array;
  private recentNext = 0;
  private recentFilled = 0;
  private readonly lows: Float64Array;
  private readonly highs: Float64Array;
  private next = 0;
  private filled = 0;

  /** Remembers `points` stretches back, each 2 x slack + 1 points wide. */
  constructor(
    points: number,
    private readonly slack: number,
  ) {
    this.recent = new Float64Array(2 * slack + 1);
    this.lows = new Float64Array(points);
    this.highs = new Float64Array(points);
  }

  push(x: number): void {
    const recent = this.recent;
    recent[this.recentNext] = x;
    this.recentNext = this.recentNext + 1 === recent.length ? 0 : this.recentNext + 1;
    if (this.recentFilled < recent.length) this.recentFilled++;
    if (this.recentFilled < recent.length) return;
    let low = recent[0]!;
    let high = low;
    for (let i = 1; i < recent.length; i++) {
      const v = recent[i]!;
      if (v < low) low = v;
      else if (v > high) high = v;
    }
    this.lows[this.next] = low;
    this.highs[this.next] = high;
    this.next = this.next + 1 === this.lows.length ? 0 : this.next + 1;
    if (this.filled < this.lows.length) this.filled++;
  }

  /**
   * The range of the values within `slack` of the point `lag` pushes ago (1 = the latest) into
   * low/high; false when not remembered that far back.
   */
  rangeAgo(lag: number): boolean {
    const back = lag - this.slack;
    if (back < 1 || back > this.filled) return false;
    let i = this.next - back;
    if (i < 0) i += this.lows.length;
    this.low = this.lows[i]!;
    this.high = this.highs[i]!;
    return true;
  }
}
