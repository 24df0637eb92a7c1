import { describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/output/cells.js';
import { wrapEntry } from './log-entry.js';

describe('wrapEntry', () => {
  it('wraps at the last space that fits, and cuts a word longer than the line', () => {
    expect(wrapEntry('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapEntry('aaaaaaaaaa bb', 10)).toEqual(['aaaaaaaaaa', 'bb']);
    expect(wrapEntry('abcdefghijklmnop', 10)).toEqual(['abcdefghij', 'klmnop']);
    expect(wrapEntry('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });

  it('measures wide characters in terminal cells, so no line overflows the screen', () => {
    const lines = wrapEntry('支付服务 错误率高 支付服务支付服务支付服务 🔥🔥🔥🔥🔥🔥', 10);
    for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(10);
    expect(lines.join('')).toBe('支付服务错误率高支付服务支付服务支付服务🔥🔥🔥🔥🔥🔥');
    expect(lines[0]).toBe('支付服务');
  });
});
