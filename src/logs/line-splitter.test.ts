import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: Array<string | Buffer>): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const c of chunks) splitter.push(Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8'));
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('ends lines at LF, CRLF and a lone CR, and keeps the last line without an end', () => {
    expect(split(['a\nb\r\nc\rd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
    expect(split([''])).toEqual([]);
  });

  it('joins a line split across chunks, a CRLF split between two chunks included', () => {
    expect(split(['GET /ca', 'rt 200\nPOST', ' /pay 500\n'])).toEqual(['GET /cart 200', 'POST /pay 500']);
    expect(split(['one\r', '\ntwo\r', 'three'])).toEqual(['one', 'two', 'three']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('café ☕ ok\nnext\n', 'utf8');
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ☕
    expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['café ☕ ok', 'next']);
  });

  it('reads a chunk of ASCII bytes and a chunk of other bytes alike: UTF-8, an invalid byte as U+FFFD', () => {
    expect(split(['plain ascii\n', Buffer.from('caf\u00e9\n'), Buffer.from([0x61, 0xff, 0x0a, 0x62, 0x0d, 0x0a])])).toEqual(['plain ascii', 'caf\u00e9', 'a\ufffd', 'b']);
  });
});
