import { describe, expect, it } from 'vitest';
import { correlateAlerts } from './correlate.js';
import type { Alert } from './model.js';
import type { Placement } from './placement.js';
import { rankRootCauses, type Evidence } from './rank.js';
import { buildServiceGraph } from './topology.js';
import { makeAlert } from './testdata/make-alert.js';

// frontend -> checkout -> payments -> payments-db; frontend -> cart
const chain = buildServiceGraph([
  { parent: 'frontend', child: 'checkout' },
  { parent: 'checkout', child: 'payments' },
  { parent: 'payments', child: 'payments-db' },
  { parent: 'frontend', child: 'cart' },
]);

function rank(alerts: Alert[], options: { evidence?: Evidence; placement?: Placement } = {}) {
  const groups = correlateAlerts(alerts, { graph: chain, joinLabels: ['service', 'instance', 'pod', 'node'] });
  expect(groups).toHaveLength(1);
  return rankRootCauses(groups[0]!, { graph: chain, ...options });
}

const symptoms = (at: number) => [
  makeAlert('PaymentsHighErrorRate', { service: 'payments', severity: 'critical' }, at),
  makeAlert('CheckoutHighLatency', { service: 'checkout', severity: 'warning' }, at + 1),
  makeAlert('FrontendHighErrorRate', { service: 'frontend', severity: 'critical' }, at + 2),
];

describe('rankRootCauses', () => {
  it('ranks the component that deviates most and earliest first, with the numbers behind it', () => {
    const ranked = rank([
      makeAlert('PaymentsDbDown', { service: 'payments-db', severity: 'critical' }, 0),
      makeAlert('PaymentsDbConnectionsExhausted', { service: 'payments-db' }, 0.5),
      ...symptoms(1),
    ]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'payments', 'checkout', 'frontend']);
    const [top, next] = ranked;
    expect(top).toMatchObject({ level: 'service', evidence: { signals: 2, rules: 2, firstAfterMs: 0 } });
    expect(top!.reasons).toEqual([
      '2 alerts: PaymentsDbDown (down), PaymentsDbConnectionsExhausted (exhausted)',
      'cause alerts: PaymentsDbDown (down), PaymentsDbConnectionsExhausted (exhausted)',
      'deviated first (2024-05-01T10:00:00.000Z)',
      "alerting over 30s of the incident's 3m",
      'deviating around it: caller payments',
    ]);
    expect(top!.score).toBeGreaterThan(next!.score);
    expect(ranked.reduce((sum, c) => sum + c.evidence.share, 0)).toBeCloseTo(1, 2);
  });

  it('lets a deviating dependency draw weight from its deviating callers: failures travel up the calls', () => {
    // payments and payments-db alert alike, at the same moment; payments calls payments-db.
    const ranked = rank([
      makeAlert('PaymentsHighErrorRate', { service: 'payments' }, 0),
      makeAlert('PaymentsDbSlowQueries', { service: 'payments-db' }, 0),
    ]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'payments']);
    expect(ranked[0]!.evidence.own).toBe(ranked[1]!.evidence.own);
  });

  it('puts a cause that alerts after its callers first: callers with only symptom alerts pass their weight on', () => {
    // checkout and payments fail first; payments-db's own saturation rule fires two minutes later.
    const ranked = rank([
      makeAlert('CheckoutHighErrorRate', { service: 'checkout' }, 0),
      makeAlert('PaymentsHighErrorRate', { service: 'payments' }, 0.5),
      makeAlert('PaymentsDbConnectionsExhausted', { service: 'payments-db' }, 2),
    ]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'payments', 'checkout']);
    expect(ranked[0]!.evidence.own).toBeLessThan(ranked[1]!.evidence.own);
    expect(ranked[1]!.reasons).toContain('only symptom alerts (latency, errors) while a dependency deviates: its weight passes to its dependencies');
    // A symptom with nothing deviating beneath it keeps its weight.
    const alone = rank([makeAlert('CheckoutHighErrorRate', { service: 'checkout' }, 0), makeAlert('FrontendMemoryHigh', { service: 'frontend' }, 1)]);
    expect(alone[0]!.service).toBe('checkout');
    expect(alone[0]!.reasons.some((r) => r.startsWith('only symptom alerts'))).toBe(false);
  });

  it('does not put a noisy but healthy leaf first: evidence from traces and logs outweighs an alert count', () => {
    const noise = ['CartCacheEvictions', 'CartCacheMemoryHigh', 'CartCacheHitRatioLow', 'CartCacheKeysHigh', 'CartCacheConnectionsHigh', 'CartCacheCpuHigh']
      .map((name, i) => makeAlert(name, { service: 'cart' }, 3 + i / 2));
    const ranked = rank([...noise, makeAlert('PaymentsDbSlowQueries', { service: 'payments-db' }, 0), ...symptoms(1)], {
      evidence: { errorSpanRoots: { 'payments-db': 40, payments: 2 }, newLogPatterns: { 'payments-db': 2 } },
    });
    expect(ranked[0]!.service).toBe('payments-db');
    expect(ranked[0]!.reasons).toContain('deepest failing span of 40 of 42 error traces (95%)');
    expect(ranked.find((c) => c.service === 'cart')!.evidence.signals).toBe(6);
  });

  it('names a service with no alert of its own when the evidence points at it, and ignores a stray error trace', () => {
    const ranked = rank(symptoms(0), {
      evidence: { errorSpanRoots: { 'payments-db': 38, payments: 2, cart: 1 }, newLogPatterns: { 'payments-db': 3 }, sloBurn: { frontend: 14.4 } },
    });
    expect(ranked[0]!.service).toBe('payments-db');
    expect(ranked[0]!.reasons).toEqual([
      'no alerts of its own',
      '3 new log patterns',
      'deepest failing span of 38 of 41 error traces (93%)',
      'deviating around it: caller payments',
    ]);
    expect(ranked.find((c) => c.service === 'frontend')!.reasons).toContain('SLO burning at 14.4x the sustainable rate');
    expect(ranked.map((c) => c.service)).not.toContain('cart');
  });

  it('names the instance the evidence sits on, or the service when its instances deviate alike', () => {
    const on = (pod: string, name: string, at: number) => makeAlert(name, { service: 'payments', pod }, at);
    const one = rank([on('payments-1', 'HighMemory', 0), on('payments-1', 'GcPauses', 0), on('payments-1', 'HighLatency', 1), on('payments-2', 'HighLatency', 1)]);
    expect(one[0]).toMatchObject({ service: 'payments', level: 'instance', instance: 'payments-1' });
    expect(one[0]!.reasons[0]).toBe('on instance payments-1: 3 of the service\'s 4 alerts (payments-2 1)');
    const both = rank([on('payments-1', 'HighLatency', 0), on('payments-2', 'HighLatency', 1)]);
    expect(both[0]).toMatchObject({ service: 'payments', level: 'service' });
    expect(both[0]!.instance).toBeUndefined();
    expect(both[0]!.reasons.at(-1)).toBe('alerts spread over 2 of its 2 instances: payments-1 1, payments-2 1');
  });

  it('names a host when several services on it deviate together, and keeps a service field for it', () => {
    const ranked = rank([
      makeAlert('NodeDiskIOSaturated', { node: 'node-2' }, 0),
      makeAlert('HighLatency', { service: 'payments', node: 'node-2' }, 1),
      makeAlert('HighLatency', { service: 'cart', node: 'node-2' }, 1.5),
      makeAlert('HighErrorRate', { service: 'checkout', node: 'node-2' }, 2),
      makeAlert('HighLatency', { service: 'frontend', node: 'node-1' }, 3),
    ]);
    expect(ranked[0]).toMatchObject({ service: 'node-2', level: 'host', host: 'node-2', services: ['payments', 'cart', 'checkout'] });
    expect(ranked[0]!.reasons[0]).toBe('3 services on it deviate together: payments, cart, checkout');
    expect(ranked.find((c) => c.service === 'payments')).toMatchObject({ level: 'service', host: 'node-2' });
  });

  it('passes the weight of services on a host that alerts itself on to the host, whatever their own evidence', () => {
    const host = [
      makeAlert('KubeNodeMemoryPressure', { node: 'node-2' }, 0),
      makeAlert('KubePodRestarting', { pod: 'payments-0', node: 'node-2' }, 1),
      makeAlert('KubePodRestarting', { pod: 'cart-1', node: 'node-2' }, 1),
    ];
    const sick = { sloBurn: { payments: 20, cart: 20 }, newLogPatterns: { payments: 5, cart: 5 }, errorSpanRoots: { payments: 20, cart: 20 } };
    const ranked = rank([...host, makeAlert('HighErrorRate', { service: 'payments' }, 2)], { evidence: sick });
    expect(ranked[0]).toMatchObject({ service: 'node-2', level: 'host' });
    expect([...ranked[0]!.services!].sort()).toEqual(['cart', 'payments']);
    // Each service's own evidence is larger than the host's: the host leads because it explains them.
    expect(ranked.find((c) => c.service === 'payments')!.evidence.own).toBeGreaterThan(ranked[0]!.evidence.own);
    expect(ranked.find((c) => c.service === 'cart')!.reasons.at(-1)).toBe('runs on node-2, which alerts itself while other services on it deviate too: its weight passes to the host');

    // Without an alert of the host's own, services that deviate together on it keep their weight.
    const quiet = rank(host.slice(1).concat(makeAlert('HighErrorRate', { service: 'payments' }, 2)), { evidence: sick });
    expect(quiet[0]!.level).toBe('service');
  });

  it('weighs for nothing a resource deviation that other components show too: it says what they share', () => {
    // One machine's CPU spike shows on three containers; only payments-db's memory grows.
    const busy = (service: string, at: number) => [
      makeAlert('ContainerCpuCore3High', { service, metric: 'cpu_core3' }, at),
      makeAlert('ContainerCpuSystemHigh', { service, metric: 'cpu_system' }, at),
    ];
    const alerts = [...busy('frontend', 0), ...busy('checkout', 0), ...busy('payments', 0), makeAlert('ContainerMemoryRssHigh', { service: 'payments-db' }, 0.5)];
    const ranked = rank(alerts);
    expect(ranked[0]!.service).toBe('payments-db');
    const checkout = ranked.find((c) => c.service === 'checkout')!;
    expect(checkout.evidence.signals).toBe(2);
    expect(checkout.reasons).toContain('of its 2 alerts, 2 also deviate on other components (counted for none: they say what these share); weighed as 0');
  });

  it('counts a rule firing on every replica of one service as that service deviating, not as shared', () => {
    const oom = (pod: string) => makeAlert('ContainerOOMKilled', { service: 'payments-db', pod }, 0);
    const ranked = rank([oom('payments-db-0'), oom('payments-db-1'), ...symptoms(1)]);
    expect(ranked[0]!.service).toBe('payments-db');
    expect(ranked[0]!.reasons.join('\n')).not.toContain('also deviate');
  });

  it('counts half a reading below its usual range: less work reaching a component, or a resource freed', () => {
    const freed = ['MemoryRssLow', 'MemoryCacheLow', 'MemoryActiveLow'].map((n, i) => makeAlert(n, { service: 'checkout', metric: n }, i * 0.1));
    const ranked = rank([...freed, makeAlert('MemoryRssHigh', { service: 'payments-db', metric: 'rss' }, 0), makeAlert('MemoryCacheHigh', { service: 'payments-db', metric: 'cache' }, 0.2)]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'checkout']);
    expect(ranked[1]!.reasons).toContain('of its 3 alerts, 3 fell below their usual range (counted 0.5: less work reaching it); weighed as 1.5');
  });

  it('counts for nothing readings that fell in several kinds of resource at once: less of everything is less work', () => {
    const quieter = ['DiskReadsLow', 'DiskWritesLow', 'CpuUserLow'].map((n, i) => makeAlert(n, { service: 'checkout', metric: n }, i * 0.1));
    const ranked = rank([...quieter, makeAlert('MemoryRssHigh', { service: 'payments-db', metric: 'rss' }, 0.5)]);
    expect(ranked.map((c) => c.service)).toEqual(['payments-db', 'checkout']);
    expect(ranked[1]!.reasons).toContain(
      'of its 3 alerts, 3 fell below their usual range in 2 kinds of resource at once (cpu, disk; counted for none: less of everything is less work reaching it); weighed as 0',
    );
  });

  it.each([
    ['memory, its rss, swap and limit', ['MemoryRssLow', 'MemorySwapLow', 'MemoryLimitLow']],
    ['CPU, its use and throttling', ['CpuUsageLow', 'CpuThrottlingLow']],
    ['disk, its reads and its filesystem\'s writes', ['DiskReadsLow', 'FilesystemWritesLow']],
    ['readings of no known kind of resource', ['RequestsPerSecondLow', 'QueueDepthLow']],
  ])('keeps the half of drops in one resource: %s', (_, names) => {
    const drops = names.map((n, i) => makeAlert(n, { service: 'checkout', metric: n }, i * 0.1));
    const ranked = rank([...drops, makeAlert('MemoryRssHigh', { service: 'payments-db', metric: 'rss' }, 0.5)]);
    const checkout = ranked.find((c) => c.service === 'checkout')!;
    expect(checkout.reasons).toContain(`of its ${names.length} alerts, ${names.length} fell below their usual range (counted 0.5: less work reaching it); weighed as ${names.length / 2}`);
  });

  it('counts kinds of resource only, not readings of something else', () => {
    const quieter = ['CpuUsageLow', 'MemorySwapLow', 'RequestsPerSecondLow'].map((n, i) => makeAlert(n, { service: 'checkout', metric: n }, i * 0.1));
    const ranked = rank([...quieter, makeAlert('MemoryRssHigh', { service: 'payments-db', metric: 'rss' }, 0.5)]);
    expect(ranked[1]!.reasons).toContain(
      'of its 3 alerts, 3 fell below their usual range in 2 kinds of resource at once (cpu, memory; counted for none: less of everything is less work reaching it); weighed as 0',
    );
  });

  it('does not halve a fall in quality: a success rate below its range is a symptom, not less work', () => {
    const ranked = rank([makeAlert('CheckoutSuccessRateLow', { service: 'checkout' }, 0), makeAlert('ApdexLow', { service: 'checkout' }, 0.1)]);
    expect(ranked[0]!.reasons.join('\n')).not.toContain('fell below');
  });

  it('names the service where failing calls end, though it has no alert of its own (a nudge: the callers keep their own alerts)', () => {
    const ranked = rank([
      makeAlert('TraceError', { service: 'frontend', callee: 'checkout' }, 0),
      makeAlert('TraceError', { service: 'checkout', callee: 'payments' }, 0.5),
      makeAlert('TraceError', { service: 'checkout', callee: 'payments', operation: '/refund' }, 0.6),
    ]);
    expect(ranked.map((c) => c.service)).toEqual(['checkout', 'payments', 'frontend']);
    expect(ranked[1]!.reasons).toEqual([
      'no alerts of its own',
      "receives 2 failing calls of the incident's 3 (67%) and makes none that fail: failures begin here",
      'deviating around it: caller checkout',
    ]);
  });

  it('credits the service whose alerts inhibit others in Alertmanager', () => {
    const db = makeAlert('PaymentsDbDown', { service: 'payments-db' }, 0);
    const inhibited = makeAlert('PaymentsHighErrorRate', { service: 'payments' }, 1, { inhibited: true, inhibitedBy: [db.fingerprint] });
    expect(rank([db, inhibited])[0]!.reasons).toContain('its alerts inhibit 1 alert of other services in Alertmanager');
  });

  it('works without topology, on the alerts alone', () => {
    const groups = correlateAlerts([
      makeAlert('HighLatency', { service: 'api', instance: 'n1' }, 1),
      makeAlert('NodeFilesystemFull', { service: 'node', instance: 'n1' }, 0),
    ]);
    const ranked = rankRootCauses(groups[0]!);
    expect(ranked.map((c) => c.service)).toEqual(['node', 'api']);
    expect(ranked.every((c) => c.reasons.every((r) => !r.includes('around it')))).toBe(true);
  });

  it('ranks a group again with new evidence as if for the first time (live: before the evidence, then with it)', () => {
    const alerts = [
      makeAlert('NodeDiskIOSaturated', { node: 'node-2' }, 0),
      makeAlert('HighLatency', { service: 'payments', node: 'node-2', instance: 'payments-0' }, 1),
      makeAlert('HighLatency', { service: 'cart', node: 'node-2' }, 1.5),
      makeAlert('HighErrorRate', { service: 'checkout' }, 2),
    ];
    const evidence: Evidence = { sloBurn: { checkout: 20 }, newLogPatterns: { 'payments-db': 2 }, errorSpanRoots: { payments: 9, cart: 1 } };
    const fresh = () => correlateAlerts(alerts, { graph: chain, joinLabels: ['service', 'instance', 'pod', 'node'] })[0]!;
    const group = fresh();
    const placement: Placement = { instances: new Map([['payments-0', 'payments'], ['payments-1', 'payments']]), hosts: new Map(), hostNames: new Set() };
    const before = rankRootCauses(group, { graph: chain, placement });
    const after = rankRootCauses(group, { graph: chain, placement, evidence });
    expect(after).toEqual(rankRootCauses(fresh(), { graph: chain, placement, evidence }));
    expect(after).not.toEqual(before);
    expect(after.find((c) => c.service === 'payments-db')!.reasons[0]).toBe('no alerts of its own');
    // Nothing of one ranking stays behind for the next.
    expect(rankRootCauses(group, { graph: chain, placement })).toEqual(before);
  });
});
