import { describe, expect, it } from 'vitest';
import { listWindow } from './window.js';

describe('listWindow', () => {
  it('shows every row when they fit', () => {
    expect(listWindow(5, 5)).toEqual({ first: 0, shown: 5, hidden: 0 });
  });

  it('keeps a line for "… N more" and counts every row it does not show', () => {
    // 9 services in 5 lines: 4 rows and "… 5 more", never 5 rows and a line cut off.
    const w = listWindow(9, 5);
    expect(w).toEqual({ first: 0, shown: 4, hidden: 5 });
    expect(w.shown + w.hidden).toBe(9);
  });

  it('counts every row, showing none, when there is a single line for several', () => {
    // 4 open incidents in a one-line strip: "… 4 more", not a row with "… 3 more" drawn over it.
    expect(listWindow(4, 1)).toEqual({ first: 0, shown: 0, hidden: 4 });
    expect(listWindow(4, 0)).toEqual({ first: 0, shown: 0, hidden: 4 });
    expect(listWindow(1, 1)).toEqual({ first: 0, shown: 1, hidden: 0 });
  });

  it('scrolls so that the selected row is always shown, down to the last', () => {
    for (let selected = 0; selected < 30; selected++) {
      const { first, shown } = listWindow(30, 5, selected);
      expect(selected).toBeGreaterThanOrEqual(first);
      expect(selected).toBeLessThan(first + shown);
      expect(first + shown).toBeLessThanOrEqual(30);
    }
  });
});
