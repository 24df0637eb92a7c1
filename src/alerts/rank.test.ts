import { describe, expect, it } from 'vitest';
import { correlateAlerts } from './correlate.js';
import type { Alert } from './model.js';
import { rankRootCauses, type Evidence } from './rank.js';
import { buildServiceGraph } from './topology.js';
import { makeAlert } from './testdata/make-alert.js';

// frontend -> checkout -> payments -> payments-db
const chain = buildServiceGraph([
  { parent: 'frontend', child: 'checkout' },
  { parent: 'checkout', child: 'payments' },
  { parent: 'payments', child: 'payments-db' },
  { parent: 'frontend', child: 'cart' },
]);

function rank(alerts: Alert[], evidence?: Evidence) {
  const groups = correlateAlerts(alerts, { graph: chain });
  expect(groups).toHaveLength(1);
  return rankRootCauses(groups[0]!, evidence ? { graph: chain, evidence } : { graph: chain });
}

const symptoms = (at: number) => [
  makeAlert('PaymentsHighErrorRate', { service: 'payments', severity: 'critical' }, at),
  makeAlert('CheckoutHighLatency', { service: 'checkout', severity: 'warning' }, at + 1),
  makeAlert('FrontendHighErrorRate', { service: 'frontend', severity: 'critical' }, at + 2),
];

describe('rankRootCauses', () => {
  it('puts the deepest failing dependency with a cause alert first: payments-db', () => {
    const ranked = rank([makeAlert('PaymentsDbDown', { service: 'payments-db', severity: 'critical' }, 0), ...symptoms(1)]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'payments', 'checkout', 'frontend']);
    const [top, next] = ranked;
    expect(top!.reasons).toEqual([
      'cause alert: PaymentsDbDown (down)',
      'deepest failing dependency: it calls no other service',
      '3 alerting services depend on it: payments, checkout, frontend',
      'alerted first (2024-05-01T10:00:00.000Z, 1m before the next service)',
    ]);
    expect(top!.score).toBeGreaterThan(2 * next!.score);
    expect(next!.reasons).toContain('depends on failing payments-db (payments → payments-db): more likely a symptom');
    expect(ranked.at(-1)!.reasons).toContain('edge service with symptom alerts only: it shows what users feel, not why');
  });

  it('still ranks payments-db first when its cause alert fires after the symptoms', () => {
    const ranked = rank([...symptoms(0), makeAlert('PaymentsDbConnectionsSaturated', { service: 'payments-db' }, 4)]);
    expect(ranked[0]!.service).toBe('payments-db');
    expect(ranked.find((c) => c.service === 'payments')!.reasons.some((r) => r.startsWith('alerted first'))).toBe(true);
  });

  it('weighs cause alerts above symptom alerts when the topology does not decide', () => {
    // checkout was deployed and its callers and callee complain; only checkout has a cause alert.
    const groups = correlateAlerts([
      makeAlert('FrontendHighErrorRate', { service: 'frontend' }, 0),
      makeAlert('CheckoutDeploymentRolledOut', { service: 'checkout' }, 1),
    ], { graph: chain });
    const ranked = rankRootCauses(groups[0]!, { graph: chain });
    expect(ranked[0]!.service).toBe('checkout');
    expect(ranked[0]!.reasons[0]).toBe('cause alert: CheckoutDeploymentRolledOut (deployment)');
  });

  it('adds evidence from error traces, new log patterns and SLO burn, and can name a service with no alert', () => {
    const ranked = rank(symptoms(0), {
      errorSpanRoots: { 'payments-db': 38, payments: 2 },
      newLogPatterns: { 'payments-db': 3 },
      sloBurn: { frontend: 14.4, cart: 20 },
    });
    expect(ranked[0]!.service).toBe('payments-db');
    expect(ranked[0]!.reasons).toEqual([
      'no alerts of its own; a dependency of alerting services',
      'deepest failing dependency: it calls no other service',
      '3 alerting services depend on it: payments, checkout, frontend',
      '3 new log patterns',
      'deepest failing span of 38 of 40 error traces (95%)',
    ]);
    expect(ranked.find((c) => c.service === 'frontend')!.reasons).toContain('SLO burning at 14.4x the sustainable rate');
    // cart has no alert but burns its SLO and the alerting frontend calls it: a candidate, behind payments-db.
    expect(ranked.find((c) => c.service === 'cart')!.reasons).toEqual([
      'no alerts of its own; a dependency of alerting services',
      'deepest failing dependency: it calls no other service',
      '1 alerting service depends on it: frontend',
      'SLO burning at 20x the sustainable rate',
    ]);
  });

  it('ignores a stray error trace on a service without alerts: it is not failing, nor a candidate', () => {
    // Seen in the demo world: 1 of 76 error traces ended in cart (background noise), 50 in payments-db.
    const ranked = rank(symptoms(0), { errorSpanRoots: { 'payments-db': 50, payments: 24, cart: 1 } });
    expect(ranked.map((c) => c.service)).not.toContain('cart');
    expect(ranked.find((c) => c.service === 'frontend')!.reasons).toContain('depends on failing checkout (frontend → checkout): more likely a symptom');
    expect(ranked[0]!.service).toBe('payments-db');
  });

  it('credits the service whose alerts inhibit others in Alertmanager', () => {
    const db = makeAlert('PaymentsDbDown', { service: 'payments-db' }, 0);
    const inhibited = makeAlert('PaymentsHighErrorRate', { service: 'payments' }, 1, { inhibited: true, inhibitedBy: [db.fingerprint] });
    const ranked = rank([db, inhibited]);
    expect(ranked[0]!.reasons).toContain('its alerts inhibit 1 alert of other services in Alertmanager');
  });

  it('works without topology, on alert kinds and timing alone', () => {
    const groups = correlateAlerts([
      makeAlert('HighLatency', { service: 'api', instance: 'n1' }, 0),
      makeAlert('NodeFilesystemFull', { service: 'node', instance: 'n1' }, 1),
    ]);
    const ranked = rankRootCauses(groups[0]!);
    expect(ranked.map((c) => c.service)).toEqual(['node', 'api']);
    expect(ranked.every((c) => c.reasons.every((r) => !r.includes('dependency')))).toBe(true);
  });
});
