import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits on any whitespace and masks each token', () => {
    expect(tokenize('  Failed password for root from 5.36.59.76 port 42393 ssh2\r')).toEqual([
      'Failed', 'password', 'for', 'root', 'from', '<*>', 'port', '<*>', 'ssh2',
    ]);
    expect(tokenize('to delete  blk_1\tnow')).toEqual(['to', 'delete', '<*>', 'now']);
    expect(tokenize('')).toEqual([]);
  });

  it('keeps a number and its unit word together as one value, the unit written out', () => {
    expect(tokenize('for 30 seconds.  Will retry')).toEqual(['for', '<*> seconds.', 'Will', 'retry']);
    expect(tokenize('451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec')).toEqual([
      '<*> bytes', 'sent,', '<*> bytes (<*> KB)', 'received,', 'lifetime', '<*> sec',
    ]);
    expect(tokenize('at 10 second(s).')).toEqual(['at', '<*> second(s).']);
    expect(tokenize('took 5 ms')).toEqual(['took', '<*> ms']);
    expect(tokenize('took 5 things')).toEqual(['took', '<*>', 'things']);
  });

  it('keeps values side by side apart: a list of values is for the miner to see', () => {
    expect(tokenize('values 1 2 3 end')).toEqual(['values', '<*>', '<*>', '<*>', 'end']);
    expect(tokenize('allocateBlock: /user/root/part-00000. blk_-16')).toEqual(['allocateBlock:', '<*>', '<*>']);
    expect(tokenize('to 10.0.0.1:50010. Already tried')).toEqual(['to', '<*>:<*>.', 'Already', 'tried']);
  });

  it('takes month and day names next to values as part of a timestamp', () => {
    expect(tokenize('Sun Dec 04 04:47:44 2005 started')).toEqual(['<*>', 'started']);
    expect(tokenize('on 10 Dec 2023 at noon')).toEqual(['on', '<*>', 'at', 'noon']);
    expect(tokenize('may I ask')).toEqual(['may', 'I', 'ask']);
  });

  it('reads a message that starts inside the line as if it were cut out', () => {
    const line = '2024-05-01 10:00:00 INFO took 5 ms for 10.0.0.1:80';
    expect(tokenize(line, 128, 25)).toEqual(tokenize(line.slice(25)));
    expect(tokenize(line, 128, 25)).toEqual(['took', '<*> ms', 'for', '<*>:<*>']);
  });

  it('ends a very long line with one value', () => {
    const tokens = tokenize(Array.from({ length: 300 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`).join(' '), 10);
    expect(tokens).toHaveLength(11);
    expect(tokens[10]).toBe('<*>');
  });
});
