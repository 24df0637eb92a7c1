import { describe, expect, it } from 'vitest';
import { evaluateExpectation, parseExpectation, type ExecResult } from './expect.js';
import type { Expectation } from './types.js';

const exp = (text: string) => parseExpectation(text) as Expectation;
const vector = (...values: number[]): ExecResult => ({ kind: 'vector', series: values.map((value, i) => ({ labels: { i: String(i) }, value })) });

describe('parseExpectation', () => {
  it('reads every supported form', () => {
    expect(exp('< 0.01')).toEqual({ op: '<', value: 0.01, text: '< 0.01' });
    expect(exp('<=5')).toEqual({ op: '<=', value: 5, text: '<= 5' });
    expect(exp(' >  -2.5e3 ')).toEqual({ op: '>', value: -2500, text: '> -2.5e3' });
    expect(exp('>= .5').value).toBe(0.5);
    expect(exp('== 0')).toEqual({ op: '==', value: 0, text: '== 0' });
    expect(exp('!= 0').op).toBe('!=');
    expect(exp('empty')).toEqual({ op: 'empty', text: 'empty' });
    expect(exp('Not  Empty')).toEqual({ op: 'not-empty', text: 'Not Empty' });
  });

  it('rejects anything else, listing the forms', () => {
    for (const bad of ['= 0', '< ', 'about 3', '< 1%', '0.5', '<< 1', 'nonempty']) {
      const r = parseExpectation(bad);
      expect('error' in r, bad).toBe(true);
      expect((r as { error: string }).error).toContain('< N, <= N, > N, >= N, == N, != N, empty, not empty');
    }
  });
});

describe('evaluateExpectation', () => {
  it('compares every series of a vector', () => {
    expect(evaluateExpectation(exp('< 0.5'), vector(0.1, 0.2))).toBe('held');
    expect(evaluateExpectation(exp('< 0.5'), vector(0.1, 0.7))).toBe('failed');
    expect(evaluateExpectation(exp('<= 0.5'), vector(0.5))).toBe('held');
    expect(evaluateExpectation(exp('> 0.9'), vector(0.9))).toBe('failed');
    expect(evaluateExpectation(exp('>= 0.9'), vector(0.9))).toBe('held');
    expect(evaluateExpectation(exp('== 1'), vector(1, 1, 0))).toBe('failed');
    expect(evaluateExpectation(exp('!= 0'), vector(3))).toBe('held');
  });

  it('treats a comparison on an empty result as no data, not as health', () => {
    expect(evaluateExpectation(exp('== 0'), vector())).toBe('no-data');
    expect(evaluateExpectation(exp('< 1'), { kind: 'text', text: 'not a number' })).toBe('no-data');
  });

  it('never lets NaN satisfy a comparison', () => {
    expect(evaluateExpectation(exp('!= 0'), vector(NaN))).toBe('failed');
    expect(evaluateExpectation(exp('< 1'), { kind: 'scalar', value: NaN })).toBe('failed');
  });

  it('checks emptiness of vectors, log lines and command output', () => {
    expect(evaluateExpectation(exp('empty'), vector())).toBe('held');
    expect(evaluateExpectation(exp('empty'), vector(0))).toBe('failed');
    expect(evaluateExpectation(exp('not empty'), vector(0))).toBe('held');
    expect(evaluateExpectation(exp('empty'), { kind: 'lines', lines: [] })).toBe('held');
    expect(evaluateExpectation(exp('empty'), { kind: 'lines', lines: ['timeout'] })).toBe('failed');
    expect(evaluateExpectation(exp('empty'), { kind: 'text', text: ' \n' })).toBe('held');
    expect(evaluateExpectation(exp('empty'), { kind: 'scalar', value: 0 })).toBe('failed');
  });

  it('compares the line count of a log query, and the number a command printed', () => {
    expect(evaluateExpectation(exp('< 10'), { kind: 'lines', lines: ['a', 'b'] })).toBe('held');
    expect(evaluateExpectation(exp('== 0'), { kind: 'lines', lines: [] })).toBe('held');
    expect(evaluateExpectation(exp('> 3'), { kind: 'text', text: '42\n' })).toBe('held');
    expect(evaluateExpectation(exp('<= 0.01'), { kind: 'scalar', value: 0.02 })).toBe('failed');
  });
});
