import { describe, expect, it } from 'vitest';
import { toAscii } from './glyphs.js';

describe('toAscii', () => {
  it('keeps one cell per glyph so tables keep their widths', () => {
    expect(toAscii('▶ payments ▁▃▅█ … 2 more')).toBe('> payments _-+# ~ 2 more');
    expect(toAscii('╭─┤x├─╮')).toBe('+-|x|-+');
  });
  it('replaces anything else outside ASCII, escape sequences untouched', () => {
    expect(toAscii('caf\u00e9 \x1b[31mred\x1b[0m 🚀')).toBe('caf? \x1b[31mred\x1b[0m ?');
  });
});
