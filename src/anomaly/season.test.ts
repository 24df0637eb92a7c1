import { describe, expect, it } from 'vitest';
import { SeasonMemory } from './season.js';

describe('SeasonMemory', () => {
  it('gives the range of the values within the slack of a past point', () => {
    const memory = new SeasonMemory(10, 1);
    for (const x of [5, 1, 9, 4, 7, 3]) memory.push(x);
    // 3 pushes ago was 4; its neighbours 9 and 7.
    expect(memory.rangeAgo(3)).toBe(true);
    expect([memory.low, memory.high]).toEqual([4, 9]);
    // 5 pushes ago was 1, between 5 and 9.
    expect(memory.rangeAgo(5)).toBe(true);
    expect([memory.low, memory.high]).toEqual([1, 9]);
  });

  it('says so when the point or its neighbours are not remembered', () => {
    const memory = new SeasonMemory(3, 1);
    for (const x of [5, 1, 9, 4, 7, 3]) memory.push(x);
    expect(memory.rangeAgo(1)).toBe(false); // the newer neighbour has not arrived
    expect(memory.rangeAgo(6)).toBe(false); // the older neighbour came before the first point
    expect(memory.rangeAgo(5)).toBe(false); // older than the 3 stretches kept
    expect(memory.rangeAgo(4)).toBe(true);
    expect([memory.low, memory.high]).toEqual([1, 9]);
  });
});
