import { describe, expect, it } from 'vitest';
import { ValueCounts } from './value-counts.js';

describe('ValueCounts', () => {
  it('counts each value, in the order first seen, a repeated value as well as a new one', () => {
    const counts = new ValueCounts(10);
    for (const value of ['app', 'app', 'db', 'app', 'db', 'db']) counts.add(value);
    counts.add('app', 5);
    expect([...counts.entries()]).toEqual([['app', 8], ['db', 3]]);
  });

  it('keeps at most `max` values and goes on counting those', () => {
    const counts = new ValueCounts(2);
    for (const value of ['a', 'b', 'c', 'c', 'a']) counts.add(value);
    expect(Object.fromEntries(counts.entries())).toEqual({ a: 2, b: 1 });
  });
});
