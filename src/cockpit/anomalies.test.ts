import { describe, expect, it } from 'vitest';
import type { SeriesAssessment } from '../anomaly/live.js';
import { anomaliesByService, anomalousOrder } from './anomalies.js';

const row = (service: string | null, signal: string, score: number, anomalous: boolean, since = 1000): SeriesAssessment => ({
  service, signal, score, anomalous, labels: service ? { service } : {}, actual: 2, expected: 1, band: 0.2, direction: 'up', since: anomalous ? since : null, view: 'level',
});

describe('anomaliesByService', () => {
  it('marks a service by its most unusual signal and lists its unusual signals, most unusual first', () => {
    const by = anomaliesByService([
      row('payments', 'request rate', 0.3, false),
      row('payments', 'error ratio', 0.7, true),
      row('payments', 'p99 latency', 0.9, true),
      row('cart', 'request rate', 0.2, false),
      row(null, 'up', 0.99, true),
    ]);
    expect(Object.keys(by).sort()).toEqual(['cart', 'payments']);
    expect(by.payments).toMatchObject({ anomalous: true, score: 0.9 });
    expect(by.payments!.signals.map((s) => s.signal)).toEqual(['p99 latency', 'error ratio']);
    expect(by.cart).toEqual({ anomalous: false, score: 0.2, signals: [] });
  });

  it('keeps a service named like an object property as a service', () => {
    const by = anomaliesByService([row('__proto__', 'request rate', 0.8, true)]);
    expect(by['__proto__']).toMatchObject({ anomalous: true });
    expect(Object.keys(by)).toEqual(['__proto__']);
  });
});

describe('anomalousOrder', () => {
  it('lists the unusual services as obs anomalies orders their signals: among those that began together, the callee first', () => {
    const rows = [
      row('checkout', 'p99 latency', 0.9, true),
      row('payments', 'p99 latency', 0.9, true),
      row('cart', 'request rate', 0.9, true, 400),
      row('auth', 'request rate', 0.2, false),
    ];
    // Equal in score, checkout and payments began in the same step: by name checkout would lead.
    expect(anomalousOrder(rows, [])).toEqual(['cart', 'checkout', 'payments']);
    expect(anomalousOrder(rows, [{ parent: 'checkout', child: 'payments', callCount: 10 }])).toEqual(['cart', 'payments', 'checkout']);
  });
});
