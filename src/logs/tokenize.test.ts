import { describe, expect, it } from 'vitest';
import { lineText, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits on any whitespace and masks each token', () => {
    expect(tokenize('  Failed password for root from 5.36.59.76 port 42393 ssh2\r')).toEqual([
      'Failed', 'password', 'for', 'root', 'from', '<*>', 'port', '<*>', 'ssh2',
    ]);
    expect(tokenize('to delete  blk_1\tnow')).toEqual(['to', 'delete', 'blk_<*>', 'now']);
    expect(tokenize('')).toEqual([]);
  });

  it('joins a number and its unit into one value', () => {
    expect(tokenize('for 30 seconds.  Will retry')).toEqual(['for', '<*>.', 'Will', 'retry']);
    expect(tokenize('451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec')).toEqual([
      '<*>', 'sent,', '<*>', '(<*>)', 'received,', 'lifetime', '<*>',
    ]);
    expect(tokenize('at 10 second(s).')).toEqual(['at', '<*>.']);
    expect(tokenize('took 5 ms')).toEqual(['took', '<*>']);
  });

  it('folds a run of values, and a repeated masked token, into one', () => {
    expect(tokenize('values 1 2 3 end')).toEqual(['values', '<*>', 'end']);
    expect(tokenize('delete blk_1 blk_-2 blk_3')).toEqual(['delete', 'blk_<*>']);
  });

  it('takes month and day names next to values as part of a timestamp', () => {
    expect(tokenize('Sun Dec 04 04:47:44 2005 started')).toEqual(['<*>', 'started']);
    expect(tokenize('on 10 Dec 2023 at noon')).toEqual(['on', '<*>', 'at', 'noon']);
    expect(tokenize('may I ask')).toEqual(['may', 'I', 'ask']);
  });

  it('ends a very long line with one value', () => {
    const tokens = tokenize(Array.from({ length: 300 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`).join(' '), 10);
    expect(tokens).toHaveLength(11);
    expect(tokens[10]).toBe('<*>');
  });

  it('reads a JSON object as key=value fields, message words included', () => {
    const line = '{"time":"2024-05-01T10:00:00Z","level":"info","msg":"request completed","http":{"status":200},"tags":["a"]}';
    expect(lineText(line)).toBe('time=2024-05-01T10:00:00Z level=info msg="request completed" http.status=200 tags=["a"]');
    expect(tokenize(line)).toEqual(['time=<*>', 'level=info', 'msg="request', 'completed"', 'http.status=<*>', 'tags=["a"]']);
    expect(lineText('{not json} at all')).toBe('{not json} at all');
  });
});
