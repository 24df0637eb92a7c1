import { describe, expect, it } from 'vitest';
import type { Verdict } from './types.js';
import { decideVerdict, exitCode, overallVerdict } from './verdict.js';

describe('verdict per SLO', () => {
  it('no data wins over everything, then breaches, then warnings', () => {
    expect(decideVerdict({ noData: 'no traffic', breaches: ['page'], warnings: [] })).toEqual({ verdict: 'NO_DATA', reasons: ['no traffic'] });
    expect(decideVerdict({ noData: null, breaches: ['page alert'], warnings: ['ticket alert'] })).toEqual({
      verdict: 'BREACHED',
      reasons: ['page alert', 'ticket alert'],
    });
    expect(decideVerdict({ noData: null, breaches: [], warnings: ['ticket alert'] })).toEqual({ verdict: 'WARNING', reasons: ['ticket alert'] });
    expect(decideVerdict({ noData: null, breaches: [], warnings: [] })).toEqual({ verdict: 'OK', reasons: [] });
  });
});

describe('overall verdict', () => {
  it('is the worst: BREACHED > NO_DATA > WARNING > OK', () => {
    expect(overallVerdict(['OK', 'WARNING', 'NO_DATA', 'BREACHED'])).toBe('BREACHED');
    expect(overallVerdict(['OK', 'NO_DATA', 'WARNING'])).toBe('NO_DATA');
    expect(overallVerdict(['OK', 'WARNING'])).toBe('WARNING');
    expect(overallVerdict(['OK', 'OK'])).toBe('OK');
    expect(overallVerdict([])).toBe('NO_DATA');
  });
});

describe('exit code', () => {
  const results = (...verdicts: Verdict[]) => verdicts.map((verdict) => ({ verdict, error: null }));

  it('0 OK, 0 WARNING (1 when strict), 1 BREACHED, 3 NO_DATA', () => {
    expect(exitCode(results('OK', 'OK'))).toBe(0);
    expect(exitCode(results('OK', 'WARNING'))).toBe(0);
    expect(exitCode(results('OK', 'WARNING'), { strict: true })).toBe(1);
    expect(exitCode(results('WARNING', 'BREACHED'))).toBe(1);
    expect(exitCode(results('OK', 'NO_DATA'))).toBe(3);
    expect(exitCode(results('NO_DATA', 'BREACHED'))).toBe(1);
  });

  it('3 when the backend failed, 2 when a spec turned out wrong', () => {
    expect(exitCode([{ verdict: 'NO_DATA', error: { kind: 'timeout' } }, { verdict: 'OK', error: null }])).toBe(3);
    expect(exitCode([{ verdict: 'NO_DATA', error: { kind: 'spec' } }, { verdict: 'BREACHED', error: null }])).toBe(2);
  });

  it('3 when an answer was partial (Prometheus warned), unless a breach shows anyway', () => {
    expect(exitCode(results('OK', 'OK'), { partial: true })).toBe(3);
    expect(exitCode(results('OK', 'WARNING'), { partial: true, strict: true })).toBe(3);
    expect(exitCode(results('OK', 'BREACHED'), { partial: true })).toBe(1);
  });
});
