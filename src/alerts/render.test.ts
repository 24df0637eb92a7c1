import { describe, expect, it } from 'vitest';
import { renderCorrelation, wrap } from './render.js';
import type { CorrelationGroupJson, CorrelationJson } from './report.js';

const group: CorrelationGroupJson = {
  id: '1199200e',
  title: 'payments-db: PaymentsDbDown and 2 more alerts on 3 services',
  severity: 'critical',
  services: ['payments-db', 'payments', 'checkout'],
  alerts: ['1199200eb93ab6df', '4bf0373212f4d057', '816b08c0c344d8cb'],
  startsAt: '2024-05-01T10:00:00.000Z',
  endsAt: null,
  rootCause: [
    { service: 'payments-db', level: 'service', score: 10, reasons: ['cause alert: PaymentsDbDown (down)', 'deepest failing dependency: it calls no other service'], evidence: { signals: 1, rules: 1, own: 1, share: 0.1 } },
    { service: 'payments', level: 'service', score: 2, reasons: ['symptom alert: HighErrorRate (error)'], evidence: { signals: 1, rules: 1, own: 1, share: 0.02 } },
    { service: 'checkout', level: 'service', score: 1, reasons: ['symptom alert: HighLatency (latency)'], evidence: { signals: 1, rules: 1, own: 1, share: 0.01 } },
    { service: 'frontend', level: 'service', score: 0, reasons: [], evidence: { signals: 0, rules: 0, own: 0, share: 0 } },
  ],
  explanation: [
    'PaymentsDbDown (payments-db) opened the group at 2024-05-01T10:00:00.000Z',
    'HighErrorRate (payments) joined 1m30s after the group\'s latest alert: payments depends on payments-db (payments → payments-db), where PaymentsDbDown (payments-db) fired',
  ],
};
const report: CorrelationJson = { groups: [group] };
const now = Date.parse('2024-05-01T10:12:30.250Z');

describe('wrap', () => {
  it('breaks between words with a hanging indent, never inside a word', () => {
    expect(wrap('aaa bbb ccc dddddddddddd', 12, '- ', '  ')).toEqual(['- aaa bbb', '  ccc', '  dddddddddddd']);
    expect(wrap('', 10, '> ', '  ')).toEqual(['> ']);
  });
});

describe('renderCorrelation', () => {
  it('shows each group: severity and title, time span, services, ranked causes with reasons, the explanation', () => {
    expect(renderCorrelation(report, { width: 100, now, candidates: 2 })).toEqual([
      '3 alerts in 1 incident group, most severe first',
      '',
      'CRITICAL  payments-db: PaymentsDbDown and 2 more alerts on 3 services',
      '  2024-05-01 10:00:00 UTC → now (active for 12m30s) · 3 alerts · group 1199200e',
      '  services payments-db, payments, checkout',
      '  root cause',
      '    1. payments-db  score 10',
      '       - cause alert: PaymentsDbDown (down)',
      '       - deepest failing dependency: it calls no other service',
      '    2. payments  score 2',
      '       - symptom alert: HighErrorRate (error)',
      '    also: checkout 1, frontend 0',
      '  explanation',
      '    - PaymentsDbDown (payments-db) opened the group at 2024-05-01T10:00:00.000Z',
      "    - HighErrorRate (payments) joined 1m30s after the group's latest alert: payments depends on",
      '      payments-db (payments → payments-db), where PaymentsDbDown (payments-db) fired',
    ]);
  });

  it('says when a replayed group was still active, and how long a resolved one lasted', () => {
    const replayed = renderCorrelation(report, { width: 100, now, replayed: true });
    expect(replayed[3]).toBe('  2024-05-01 10:00:00 UTC → still active when captured (12m30s in) · 3 alerts · group 1199200e');
    const resolved = renderCorrelation({ groups: [{ ...group, endsAt: '2024-05-01T10:40:00.000Z' }] }, { width: 100, now });
    expect(resolved[3]).toBe('  2024-05-01 10:00:00 UTC → 2024-05-01 10:40:00 UTC (40m, resolved) · 3 alerts · group 1199200e');
  });

  it('keeps every line within a narrow terminal', () => {
    const lines = renderCorrelation(report, { width: 50, now });
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
  });

  it('colours through the hook, by part and severity, and strips escapes that came in the data', () => {
    const hostile = { groups: [{ ...group, explanation: ['x\x1b]0;pwned\x07 joined'] }] };
    const lines = renderCorrelation(hostile, { width: 100, now, colorize: (t, part, sev) => (part === 'severity' || part === 'top' ? `<${part}:${sev}>${t}</>` : t) });
    expect(lines[2]).toBe('<severity:critical>CRITICAL</>  payments-db: PaymentsDbDown and 2 more alerts on 3 services');
    expect(lines).toContain('    1. <top:critical>payments-db</>  score 10');
    expect(lines.at(-1)).toBe('    - x joined');
  });

  it('says so when there is nothing', () => {
    expect(renderCorrelation({ groups: [] }, { width: 80, now })).toEqual(['no alerts to correlate']);
  });
});
