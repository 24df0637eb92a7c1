import { describe, expect, it } from 'vitest';
import { levelOfLabels, levelOfLine, normalizeLevel, worseLevel } from './level.js';

describe('levelOfLine', () => {
  it('reads the level words loggers write near the start of a line', () => {
    expect(levelOfLine('2024-05-01 10:00:00.123 ERROR [main] PaymentService - declined')).toBe('error');
    expect(levelOfLine('2024-05-01 10:00:00 UTC [123] WARNING:  could not send data')).toBe('warn');
    expect(levelOfLine('Nov 23 16:49:33 bastion sshd[812]: error: kex_exchange_identification: Connection closed')).toBe('error');
    expect(levelOfLine('2024/05/01 10:00:00 [crit] 31#31: *1 connect() failed')).toBe('fatal');
    expect(levelOfLine('ts=2024-05-01T10:00:00Z level=warn msg="slow request"')).toBe('warn');
    expect(levelOfLine('ts=2024-05-01T10:00:00Z level="ERROR" msg="slow request"')).toBe('error');
    expect(levelOfLine('{"ts":1714557600.1,"level":"error","msg":"boom"}')).toBe('error');
    expect(levelOfLine('{"severity": "INFO", "message": "ok"}')).toBe('info');
  });

  it('does not take an ordinary word of the message for a level', () => {
    expect(levelOfLine('Connection reset, no error reported by peer')).toBeUndefined();
    expect(levelOfLine('Error rate is nominal')).toBeUndefined();
    expect(levelOfLine('a b c d e f g h i j ERROR late in the line')).toBeUndefined();
    expect(levelOfLine('trace_id=abc span_id=def')).toBeUndefined();
    expect(levelOfLine('[constructor] hasOwnProperty: toString')).toBeUndefined();
  });
});

describe('levels from labels and names', () => {
  it('normalises names and syslog priorities', () => {
    expect(normalizeLevel('WARNING')).toBe('warn');
    expect(normalizeLevel('3')).toBe('error');
    expect(normalizeLevel('emerg')).toBe('fatal');
    expect(normalizeLevel('verbose')).toBeUndefined();
    expect(normalizeLevel('constructor')).toBeUndefined();
  });

  it('takes a stream label, Loki-style', () => {
    expect(levelOfLabels({ service: 'x', detected_level: 'error' })).toBe('error');
    expect(levelOfLabels({ service: 'x' })).toBeUndefined();
  });

  it('keeps the more severe of two', () => {
    expect(worseLevel('info', 'error')).toBe('error');
    expect(worseLevel('warn', undefined)).toBe('warn');
  });
});
