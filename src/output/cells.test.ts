import { describe, expect, it } from 'vitest';
import { cellWidth, cutToCells, fitCells, unitsInCells } from './cells.js';

describe('terminal cells', () => {
  it('counts a CJK character or an emoji as two cells, a combining mark as none', () => {
    expect(cellWidth('cart')).toBe(4);
    expect(cellWidth('支付服务')).toBe(8);
    expect(cellWidth('cart-🛒')).toBe(7);
    expect(cellWidth('café')).toBe(4);
    expect(cellWidth('👩‍💻')).toBe(2);
  });

  it('pads a wide name to the same cells as a narrow one, on either side', () => {
    expect(fitCells('支付服务', 10)).toBe('支付服务  ');
    expect(fitCells('支付服务', 10, 'right')).toBe('  支付服务');
    expect(cellWidth(fitCells('cart-🛒', 12))).toBe(12);
    expect(fitCells('cart', 6)).toBe('cart  ');
  });

  it('cuts to the width with "…" and never splits a wide character or a grapheme', () => {
    // 6 cells: 5 for text, 1 for "…"; the third character (cells 5-6) no longer fits whole.
    expect(fitCells('支付服务', 6)).toBe('支付… ');
    expect(cellWidth(fitCells('支付服务', 6))).toBe(6);
    expect(fitCells('ab👩‍💻cd', 4)).toBe('ab… ');
    expect(fitCells('ab👩‍💻cd', 5)).toBe('ab👩‍💻…');
    expect(fitCells('cafe\u0301-bar', 5)).toBe('cafe\u0301…');
    expect(cutToCells('支', 1)).toBe('…');
    expect(cutToCells('frontend', 1)).toBe('…');
    expect(cutToCells('支', 1, '...')).toBe('');
    expect(fitCells('abc', 0)).toBe('');
  });

  it('tells how much of a text fits in a number of cells, in whole graphemes', () => {
    expect(unitsInCells('支付服务', 5)).toBe(2);
    expect(unitsInCells('ab👩‍💻cd', 3)).toBe(2);
    expect(unitsInCells('ab👩‍💻cd', 4)).toBe(2 + '👩‍💻'.length);
    expect(unitsInCells('x'.repeat(500), 120)).toBe(120);
    expect(unitsInCells('short', 120)).toBe(5);
  });
});
