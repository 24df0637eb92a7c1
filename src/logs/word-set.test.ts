import { describe, expect, it } from 'vitest';
import { WordSet, noLowerCase } from './word-set.js';

describe('WordSet', () => {
  const levels = new WordSet(['error', 'err', 'warn', 'log_level']);

  it('finds a word where it sits in a line, in any letter case', () => {
    const line = '10:00:00 ERROR [main] Warn err';
    expect(levels.find(line, 9, 14)).toBe('error');
    expect(levels.find(line, 22, 26)).toBe('warn');
    expect(levels.find(line, 27, 30)).toBe('err');
    expect(levels.find('LOG_LEVEL=3', 0, 9)).toBe('log_level');
  });

  it('takes only the whole word, not a part or a longer one', () => {
    expect(levels.find('errors', 0, 6)).toBeUndefined();
    expect(levels.find('error', 0, 4)).toBeUndefined();
    expect(levels.find('[main]', 1, 5)).toBeUndefined();
    expect(levels.find('er-or', 0, 5)).toBeUndefined();
  });

  it('folds letters as toLowerCase does, and nothing else', () => {
    const set = new WordSet(['kill']);
    expect(set.find('\u212aILL', 0, 4)).toBe('kill'); // the Kelvin sign lowers to k
    expect(set.find('kİll', 0, 4)).toBeUndefined(); // İ lowers to two characters
    expect(levels.find('err\u0000', 0, 4)).toBeUndefined();
  });

  it('rules a token out by its first two characters', () => {
    expect(levels.mayStart('Erratic', 0)).toBe(true);
    expect(levels.mayStart('Info', 0)).toBe(false);
  });
});

describe('noLowerCase', () => {
  it('says whether a span has no lower-case letter', () => {
    expect(noLowerCase('x ERROR x', 2, 7)).toBe(true);
    expect(noLowerCase('x Error x', 2, 7)).toBe(false);
    expect(noLowerCase('x Error x', 2, 3)).toBe(true);
  });
});
