import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MemoryStorage } from '../promql/storage.js';
import { DEMO_RULE_GROUPS, RuleEvaluator, expandTemplate, rulesYaml, type RuleGroupDef } from './rules.js';

const S = 1000;

/** errors_ratio for service "a": 0 until 300 s, then 0.2 until 900 s, then 0 */
function storage(): MemoryStorage {
  const points: [number, number][] = [];
  for (let t = 0; t <= 1800 * S; t += 15 * S) points.push([t, t >= 300 * S && t < 900 * S ? 0.2 : 0]);
  return new MemoryStorage().add({ __name__: 'errors_ratio', service: 'a' }, points);
}

const group: RuleGroupDef = {
  name: 'test',
  interval: '30s',
  rules: [
    {
      alert: 'Errors',
      expr: 'errors_ratio > 0.1',
      for: '2m',
      labels: { severity: 'critical' },
      annotations: { summary: '{{ $labels.service }} fails {{ $value | humanizePercentage }}' },
    },
  ],
};

describe('RuleEvaluator', () => {
  it('goes pending, then firing after `for`, then drops the alert when the condition clears', () => {
    const rules = new RuleEvaluator(storage(), [group], 3_600_000);
    const at = (t: number) => rules.statusAt(t * S)[0].alerts;
    expect(at(290)).toEqual([]);
    expect(at(300)).toEqual([
      {
        labels: { service: 'a', severity: 'critical', alertname: 'Errors' },
        annotations: { summary: 'a fails 20%' },
        state: 'pending',
        activeAt: 300 * S,
        firedAt: undefined,
        value: 0.2,
      },
    ]);
    expect(at(410)[0].state).toBe('pending');
    expect(at(420)[0]).toMatchObject({ state: 'firing', activeAt: 300 * S, firedAt: 420 * S });
    expect(at(899)[0].state).toBe('firing');
    expect(at(900)).toEqual([]);
  });

  it('gives the same answer replaying forward tick by tick or from scratch', () => {
    const live = new RuleEvaluator(storage(), [group], 3_600_000);
    for (let t = 0; t <= 600; t += 30) live.statusAt(t * S);
    const fresh = new RuleEvaluator(storage(), [group], 3_600_000);
    expect(live.statusAt(600 * S)[0].alerts).toEqual(fresh.statusAt(600 * S)[0].alerts);
  });

  it('evaluates on the group interval grid', () => {
    expect(RuleEvaluator.tick(group, 59_999)).toBe(30_000);
  });
});

describe('templates', () => {
  it('expands $labels and humanizePercentage like Go (%.4g)', () => {
    expect(expandTemplate('{{ $labels.service }}/{{$labels.missing}}', { service: 'x' }, 0)).toBe('x/');
    expect(expandTemplate('{{ $value | humanizePercentage }}', {}, 0.123456)).toBe('12.35%');
    expect(expandTemplate('{{ $value | humanizePercentage }}', {}, 0.5)).toBe('50%');
    expect(expandTemplate('{{ $value | humanizePercentage }}', {}, 123.456)).toBe('1.235e+04%');
    expect(expandTemplate('{{ $value | humanizePercentage }}', {}, 0.0000001234)).toBe('1.234e-05%');
    expect(() => expandTemplate('{{ $value | humanize }}', {}, 1)).toThrow(/unsupported template/);
  });
});

describe('the demo rules', () => {
  it('cover errors, latency, the database, the cache, instances and deploys, with service and severity', () => {
    const rules = DEMO_RULE_GROUPS.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['HighErrorRate', 'HighLatency', 'PaymentsDbLatencyHigh', 'DbConnectionsSaturated', 'CacheSaturation', 'InstanceDown', 'DeployChanged']),
    );
    for (const r of rules) expect(['critical', 'warning', 'info']).toContain(r.labels.severity);
  });

  it('export as a Prometheus rule file', () => {
    const doc = parse(rulesYaml());
    expect(doc.groups[0].name).toBe('obs-demo');
    expect(doc.groups[0].rules[0]).toMatchObject({ alert: 'HighErrorRate', for: '2m' });
  });
});
