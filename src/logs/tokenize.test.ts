import { describe, expect, it } from 'vitest';
import { Tokenizer, tokenize } from './tokenize.js';

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

describe('Tokenizer', () => {
  it('reads each line as tokenize() does, and gives lines whose words mask alike one sequence', () => {
    const tokenizer = new Tokenizer<string>();
    const lines = [
      'took 5 ms for 10.0.0.1:80',
      'took 7 ms for 10.0.0.2:8080',
      'took 9 ms for 10.0.0.3:443',
      'took 13 ms  for 10.0.0.4:80',
      'took 11 ms for host-a.example.com:443',
    ];
    const read = lines.map((line) => tokenizer.read(line));
    read.forEach((sequence, i) => expect(sequence.tokens).toEqual(tokenize(lines[i]!)));
    // Remembered from the second sighting on, and the caller's memo goes with it.
    read[1]!.memo = 'seen';
    expect(read[2]).toBe(read[1]);
    expect(read[2]!.memo).toBe('seen');
    expect(read[3]).toBe(read[1]); // whitespace runs count as one
    expect(read[4]!.memo).toBeUndefined(); // a host name is kept: other tokens
  });

  it('does not take a line for a remembered one when a word of the same kind masks differently', () => {
    const tokenizer = new Tokenizer();
    // "user=root" and "user=42" count alike in the lookup (both may be masked); only one is.
    for (const line of ['login user=root ok', 'login user=root ok', 'login user=42 ok', 'login user=43 ok']) {
      expect(tokenizer.read(line).tokens).toEqual(tokenize(line));
    }
    expect(tokenizer.read('login user=44 ok').tokens).toEqual(['login', 'user=<*>', 'ok']);
    expect(tokenizer.read('login user=root ok').tokens).toEqual(['login', 'user=root', 'ok']);
  });

  it('joins units and dates in a remembered line as in a fresh one', () => {
    const tokenizer = new Tokenizer();
    const lines = ['at 10 second(s). Sun Dec 04 04:47:44 2005 x', 'at 12 second(s). Mon Jan 05 05:47:44 2006 x', 'at 1 second(s). Mon Jan 15 15:47:44 2016 x', 'at 7 second(s). Mon Jan 25 25:47:44 2026 x'];
    const read = lines.map((line) => tokenizer.read(line));
    read.forEach((sequence, i) => expect(sequence.tokens).toEqual(tokenize(lines[i]!)));
    expect(read[0]!.tokens).toEqual(['at', '<*> second(s).', '<*>', 'x']);
    expect(read[3]).toBe(read[2]);
  });

  it('reads a value of a remembered shape (other digits) as masked alike, unless its digits decide', () => {
    const tokenizer = new Tokenizer();
    const read = (line: string): readonly string[] => tokenizer.read(line).tokens;
    for (const line of ['read 0x1e from port2=5', 'read 0x2e from port2=7']) read(line);
    expect(read('read 0x3e from port2=9')).toEqual(['read', '<*>', 'from', 'port2=<*>']);
    // Digits that masking keeps are the word's own.
    expect(read('read 0x4e from port3=5')).toEqual(['read', '<*>', 'from', 'port3=<*>']);
    for (const line of ['read 0x1e from port2=5', 'read 0x2e from port2=7']) read(line);
    // A 0 before an x makes a hex number; another digit does not.
    expect(read('read 1x2e from port2=5')).toEqual(['read', '1x2e', 'from', 'port2=<*>']);
  });
});
