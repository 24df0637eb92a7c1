import { describe, expect, it } from 'vitest';
import { servicesNamedBy } from './evidence.js';

describe('servicesNamedBy', () => {
  it('names the ranking\'s candidates best first, then the services the other parts looked at, once each', () => {
    expect(servicesNamedBy([
      { name: 'alerts', source: 'alertmanager', status: 'ok', data: { firing: [], candidates: [{ service: 'payments-db', score: 38 }, { service: 'payments', score: 30 }] } },
      { name: 'logs', source: 'loki', status: 'ok', data: { patterns: [], services: ['payments', 'checkout'] } },
      { name: 'anomalies', source: 'prometheus', status: 'ok', data: { services: ['frontend', 42], anomalous: [] } },
    ])).toEqual(['payments-db', 'payments', 'checkout', 'frontend']);
  });

  it('reads nothing from a part that failed or has no services', () => {
    expect(servicesNamedBy([
      { name: 'logs', source: 'loki', status: 'failed', error: 'timeout', data: { services: ['cart'] } },
      { name: 'slo', source: 'prometheus', status: 'ok', data: { slos: [{ name: 'cart-availability', service: 'cart' }] } },
      { name: 'impact', source: 'amplitude', status: 'unavailable' },
    ])).toEqual([]);
  });
});
