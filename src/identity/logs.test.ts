import { describe, expect, it } from 'vitest';
import { detectLogLabels, logSelector, logServices, type LokiLabelApi } from './logs.js';
import { traceServiceName } from './traces.js';

const loki = (labels: Record<string, string[]>): LokiLabelApi => ({
  labels: async () => Object.keys(labels),
  labelValues: async (name) => labels[name] ?? [],
});

describe('log stream labels', () => {
  it('finds each service under the label that names it, in order of preference', async () => {
    // Loki 3 adds service_name; the shipper labels app and container.
    const identity = await detectLogLabels(loki({ namespace: ['shop'], service_name: ['checkout'], app: ['checkout', 'cart'], container: ['cart', 'istio-proxy'] }), { now: 0 });
    expect(identity.labels.map((l) => l.label)).toEqual(['service_name', 'app', 'container']);
    expect(logSelector(identity, 'checkout')).toBe('{service_name="checkout"}');
    expect(logSelector(identity, 'cart')).toBe('{app="cart"}');
    // Not in the logs: the query a person would write, which finds nothing rather than everything.
    expect(logSelector(identity, 'payments')).toBe('{service_name="payments"}');
  });

  it('finds a service whose streams name it after a namespace (Promtail\'s Kubernetes job, Loki 3\'s copy in service_name)', async () => {
    const identity = await detectLogLabels(loki({ service_name: ['shop/checkout', 'staging/cart', 'shop/cart', 'frontend'], job: ['shop/checkout'] }), { now: 0 });
    expect(logSelector(identity, 'checkout')).toBe('{service_name="shop/checkout"}');
    expect(logSelector(identity, 'cart')).toBe('{service_name=~"staging/cart|shop/cart"}');
    // An exact name anywhere wins over one after a namespace.
    expect(logSelector(await detectLogLabels(loki({ service_name: ['shop/frontend'], app: ['frontend'] }), { now: 0 }), 'frontend')).toBe('{app="frontend"}');
    expect([...logServices(identity)]).toEqual(expect.arrayContaining(['checkout', 'cart', 'frontend']));
  });

  it('puts the context\'s labels first', async () => {
    const identity = await detectLogLabels(loki({ app: ['cart'], team_service: ['cart'] }), { now: 0, preferred: ['team_service'] });
    expect(logSelector(identity, 'cart')).toBe('{team_service="cart"}');
  });
});

describe('traceServiceName', () => {
  it('matches exactly, then ignoring case, then after a namespace', () => {
    expect(traceServiceName(['payments', 'Payments'], 'payments')).toBe('payments');
    expect(traceServiceName(['Checkout'], 'checkout')).toBe('Checkout');
    expect(traceServiceName(['shop/cart', 'cart-cache'], 'cart')).toBe('shop/cart');
    expect(traceServiceName(['cart-cache'], 'cart')).toBeUndefined();
  });
});
