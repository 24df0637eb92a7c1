import { describe, expect, it } from 'vitest';
import { sanitize } from './sanitize.js';

const ESC = '\x1b';

describe('sanitize', () => {
  it('keeps ordinary text, unicode and emoji as they are', () => {
    expect(sanitize('GET /api/orders 200 in 12ms — ok ✓ 🚀')).toBe('GET /api/orders 200 in 12ms — ok ✓ 🚀');
  });

  it('removes CSI sequences that clear the screen or move the cursor', () => {
    expect(sanitize(`a${ESC}[2Jb${ESC}[10;20Hc${ESC}[1Ad${ESC}[31mred${ESC}[0m`)).toBe('abcdred');
  });

  it('removes OSC title and OSC 52 clipboard writes, with BEL or ST terminators', () => {
    expect(sanitize(`x${ESC}]0;pwned${'\x07'}y`)).toBe('xy');
    expect(sanitize(`x${ESC}]52;c;ZWNobyBoaQ==${ESC}\\y`)).toBe('xy');
    expect(sanitize(`x${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('xlink');
  });

  it('drops BEL, backspace and bare CR so nothing can be overwritten', () => {
    expect(sanitize('ok\x07\x08\rERROR hidden')).toBe('okERROR hidden');
    expect(sanitize('line1\r\nline2')).toBe('line1↵line2');
    expect(sanitize('line1\r\nline2', { multiline: true })).toBe('line1\nline2');
  });

  it('removes C1 controls, including the 8-bit CSI', () => {
    expect(sanitize('a\x9b2Jb\x85c\x9d0;t\x07d')).toBe('abcd');
  });

  it('removes bidi overrides and zero-width characters', () => {
    expect(sanitize('user\u202Egnp.exe')).toBe('usergnp.exe');
    expect(sanitize('ad\u200bmin\u2066\u2069\ufeff')).toBe('admin');
  });

  it('replaces invalid UTF-8 and lone surrogates with U+FFFD', () => {
    expect(sanitize(Buffer.from([0x61, 0xff, 0xfe, 0x62]).toString('utf8'))).toBe('a\ufffd\ufffdb');
    expect(sanitize('a\ud800b')).toBe('a\ufffdb');
    expect(sanitize('😀')).toBe('😀');
  });

  it('turns tabs into spaces and other C0 controls into nothing', () => {
    expect(sanitize('a\tb\x00c\x7fd')).toBe('a bcd');
  });

  it('cuts a 1 MB line to the cap with an ellipsis', () => {
    const out = sanitize('x'.repeat(1_000_000));
    expect(out.length).toBe(4096);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitize('y'.repeat(20), { maxLength: 10 })).toBe('yyyyyyyyy…');
  });

  it('handles an escape sequence cut off at the end of the text', () => {
    expect(sanitize(`tail${ESC}[`)).toBe('tail');
    expect(sanitize(`tail${ESC}]0;never terminated`)).toBe('tail');
  });

  it('accepts non-strings', () => {
    expect(sanitize(undefined)).toBe('');
    expect(sanitize(42)).toBe('42');
  });
});
