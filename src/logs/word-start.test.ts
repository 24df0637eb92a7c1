import { describe, expect, it } from 'vitest';
import { WordStarts } from './word-start.js';

describe('WordStarts', () => {
  const starts = new WordStarts(['error', 'warn', 'Dec']);

  it('says "maybe" for any word of the set, in any case, wherever it starts', () => {
    expect(starts.may('error', 0)).toBe(true);
    expect(starts.may('[ERROR]', 1)).toBe(true);
    expect(starts.may('x Warning', 2)).toBe(true);
    expect(starts.may('dec', 0)).toBe(true);
  });

  it('says "no" for words that start otherwise', () => {
    expect(starts.may('connection', 0)).toBe(false);
    expect(starts.may('ew', 0)).toBe(false);
    expect(starts.may('[main]', 1)).toBe(false);
  });
});
