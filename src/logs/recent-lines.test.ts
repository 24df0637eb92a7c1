import { describe, expect, it } from 'vitest';
import { RecentLines } from './recent-lines.js';

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ time: from + i, labels: { service: 'cart' }, line: `line ${from + i}` }));

describe('RecentLines', () => {
  it('numbers lines in arrival order and keeps only the last `capacity`', () => {
    const recent = new RecentLines(3);
    recent.add(lines(0, 2));
    recent.add(lines(2, 3));
    expect(recent.total).toBe(5);
    expect(recent.lines.map((l) => [l.seq, l.line])).toEqual([[2, 'line 2'], [3, 'line 3'], [4, 'line 4']]);
  });

  it('finds a held line by its number after older ones are let go, and the oldest kept when it went', () => {
    const recent = new RecentLines(3);
    recent.add(lines(0, 4));
    expect(recent.lines[recent.indexOf(3)]!.line).toBe('line 3');
    recent.add(lines(4, 2));
    expect(recent.lines[recent.indexOf(3)]!.line).toBe('line 3');
    expect(recent.lines[recent.indexOf(0)]!.line).toBe('line 3');
  });
});
