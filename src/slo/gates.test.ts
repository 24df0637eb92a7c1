import { describe, expect, it } from 'vitest';
import { evaluateGate, gateMetricLabel, gateThresholdLabel, parseGate, type GateInputs } from './gates.js';

describe('parsing gates', () => {
  it('reads budget, burn-rate and SLI gates, with percent or plain numbers', () => {
    expect(parseGate('remaining<10%')).toEqual({ text: 'remaining<10%', severity: 'breach', metric: 'remaining', windowMs: null, op: '<', threshold: 0.1 });
    expect(parseGate('burn(1h)>2')).toMatchObject({ metric: 'burn', windowMs: 3_600_000, op: '>', threshold: 2 });
    expect(parseGate('sli(30d) < 99.5%')).toMatchObject({ metric: 'sli', windowMs: 30 * 86_400_000, op: '<', threshold: 0.995 });
    expect(parseGate('sli<=0.99')).toMatchObject({ metric: 'sli', windowMs: null, op: '<=', threshold: 0.99 });
    expect(parseGate('consumed >= 50%')).toMatchObject({ metric: 'consumed', op: '>=', threshold: 0.5 });
    expect(parseGate('warn:burn(6h)>1')).toMatchObject({ severity: 'warn', metric: 'burn', windowMs: 6 * 3_600_000 });
  });

  it('says what is wrong', () => {
    expect(() => parseGate('remaining less than 10')).toThrow(/invalid gate "remaining less than 10": expected <metric> <op> <number>\[%\]/);
    expect(() => parseGate('budget<10%')).toThrow(/unknown metric "budget"; use remaining, consumed, sli\(W\), error\(W\) or burn\(W\)/);
    expect(() => parseGate('burn>2')).toThrow(/burn needs a window, e\.g\. burn\(1h\)>2/);
    expect(() => parseGate('remaining(1d)<10%')).toThrow(/remaining is over the SLO period and takes no window/);
    expect(() => parseGate('burn(1 hour)>2')).toThrow(/invalid gate "burn\(1 hour\)>2": invalid duration "1 hour"/);
    expect(() => parseGate('burn(0s)>2')).toThrow(/the window must be positive/);
  });

  it('labels metrics and thresholds as operators read them', () => {
    expect(gateMetricLabel(parseGate('burn(60m)>2'))).toBe('burn(1h)');
    expect(gateThresholdLabel(parseGate('sli(30d)<99.5%'))).toBe('99.5%');
    expect(gateThresholdLabel(parseGate('burn(1h)>2'))).toBe('2');
  });
});

describe('evaluating gates', () => {
  const inputs: GateInputs = {
    remaining: 0.08,
    consumed: 0.92,
    sli: (ms) => (ms === null ? 0.9991 : ms === 86_400_000 ? 0.99 : null),
    errorRatio: (ms) => (ms === null ? 0.0009 : null),
    burn: (ms) => (ms === 3_600_000 ? 2.5 : null),
  };

  it('fires when the condition holds', () => {
    expect(evaluateGate(parseGate('remaining<10%'), inputs)).toMatchObject({ value: 0.08, firing: true });
    expect(evaluateGate(parseGate('remaining<5%'), inputs)).toMatchObject({ value: 0.08, firing: false });
    expect(evaluateGate(parseGate('burn(1h)>2'), inputs)).toMatchObject({ value: 2.5, firing: true });
    expect(evaluateGate(parseGate('sli(1d)<99.5%'), inputs)).toMatchObject({ value: 0.99, firing: true });
    expect(evaluateGate(parseGate('sli<99.9%'), inputs)).toMatchObject({ value: 0.9991, firing: false });
    expect(evaluateGate(parseGate('error>0.1%'), inputs).firing).toBe(false);
  });

  it('does not fire on a window without data, like an alert rule on NaN', () => {
    expect(evaluateGate(parseGate('burn(5m)>2'), inputs)).toMatchObject({ value: null, firing: false });
  });
});
