import { describe, expect, it } from 'vitest';
import { correlateAlerts, type IncidentGroup } from './correlate.js';
import { buildServiceGraph } from './topology.js';
import { makeAlert, MINUTE, T0 } from './testdata/make-alert.js';

const shop = buildServiceGraph([
  { parent: 'frontend', child: 'checkout' },
  { parent: 'checkout', child: 'payments' },
  { parent: 'payments', child: 'payments-db' },
  { parent: 'frontend', child: 'cart' },
  { parent: 'frontend', child: 'auth' },
]);

const names = (groups: IncidentGroup[]) => groups.map((g) => g.alerts.map((a) => a.alert.name));

describe('correlateAlerts: the gap rule', () => {
  it('keeps a group open while alerts keep arriving within the gap of its latest alert', () => {
    const groups = correlateAlerts([
      makeAlert('A', { service: 'payments' }, 0),
      makeAlert('B', { service: 'payments' }, 8),
      makeAlert('C', { service: 'payments' }, 16), // 16 min after A, but 8 after B: the gap rolls
      makeAlert('D', { service: 'payments' }, 27), // 11 min after C: a new incident
    ]);
    expect(names(groups)).toEqual([['A', 'B', 'C'], ['D']]);
    expect(groups[0]!.joins.map((j) => j.gapMs)).toEqual([8 * MINUTE, 8 * MINUTE]);
    expect(groups[0]).toMatchObject({ startsAt: T0, lastAlertAt: T0 + 16 * MINUTE, services: ['payments'] });
  });

  it('takes the gap from the options', () => {
    const alerts = [makeAlert('A', { service: 'payments' }, 0), makeAlert('B', { service: 'payments' }, 3)];
    expect(correlateAlerts(alerts, { gapMs: 2 * MINUTE })).toHaveLength(2);
    expect(correlateAlerts(alerts, { gapMs: 3 * MINUTE })).toHaveLength(1);
  });
});

describe('correlateAlerts: relations', () => {
  it('keeps unrelated alerts that fire at the same moment apart', () => {
    const groups = correlateAlerts([
      makeAlert('PaymentsDbDown', { service: 'payments-db', namespace: 'shop' }, 0),
      makeAlert('CartErrors', { service: 'cart', namespace: 'shop' }, 0),
      makeAlert('AuthLatency', { service: 'auth', namespace: 'shop' }, 1),
    ], { graph: shop });
    // cart and auth share a caller with payments-db, but neither depends on the other.
    expect(groups).toHaveLength(3);
  });

  it('never joins alerts on a label both of them lack', () => {
    const groups = correlateAlerts([
      makeAlert('OnlyName', {}, 0),
      makeAlert('OtherName', {}, 0),
      makeAlert('WithCluster', { cluster: 'eu-1' }, 1),
      makeAlert('SameCluster', { cluster: 'eu-1' }, 2),
      makeAlert('EmptyCluster', { cluster: '' }, 2),
    ], { joinLabels: ['service', 'instance', 'cluster'] });
    expect(names(groups).sort()).toEqual([['EmptyCluster'], ['OnlyName'], ['OtherName'], ['WithCluster', 'SameCluster']]);
    const join = groups.find((g) => g.alerts.length === 2)!.joins[0]!;
    expect(join.reasons).toEqual([{ rule: 'shared-labels', labels: { cluster: 'eu-1' }, member: expect.objectContaining({ name: 'WithCluster' }) }]);
  });

  it('joins along the dependency graph, naming the path', () => {
    const groups = correlateAlerts([
      makeAlert('PaymentsDbDown', { service: 'payments-db' }, 0),
      makeAlert('FrontendErrors', { service: 'frontend' }, 2),
    ], { graph: shop });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.joins[0]).toMatchObject({
      gapMs: 2 * MINUTE,
      reasons: [{ rule: 'dependency', path: ['frontend', 'checkout', 'payments', 'payments-db'], member: { name: 'PaymentsDbDown' } }],
    });
    // The same alerts without topology, or beyond the hop limit, stay apart.
    expect(correlateAlerts(groups[0]!.alerts.map((a) => a.alert))).toHaveLength(2);
    expect(correlateAlerts(groups[0]!.alerts.map((a) => a.alert), { graph: buildServiceGraph(
      [{ parent: 'frontend', child: 'checkout' }, { parent: 'checkout', child: 'payments' }, { parent: 'payments', child: 'payments-db' }], 2,
    ) })).toHaveLength(2);
  });

  it('merges two open groups when an alert shares labels with both', () => {
    const groups = correlateAlerts([
      makeAlert('DiskFull', { instance: 'db-1' }, 0),
      makeAlert('QueueBacklog', { pod: 'worker-0' }, 0.5),
      makeAlert('WorkerCrashLooping', { instance: 'db-1', pod: 'worker-0' }, 1),
    ]);
    expect(names(groups)).toEqual([['DiskFull', 'QueueBacklog', 'WorkerCrashLooping']]);
    const join = groups[0]!.joins.at(-1)!;
    // The pod's workload is the resolved service, so `service` matches too.
    expect(join.reasons.map((r) => r.labels)).toEqual([{ instance: 'db-1' }, { pod: 'worker-0', service: 'worker' }]);
    expect(join.merged).toEqual([expect.objectContaining({ name: 'QueueBacklog' })]);
  });

  it('does not merge incidents through the dependency graph alone', () => {
    // frontend depends on both payments-db and auth: its alert joins the more severe incident only.
    const groups = correlateAlerts([
      makeAlert('PaymentsDbDown', { service: 'payments-db', severity: 'critical' }, 0),
      makeAlert('AuthCertificateExpiring', { service: 'auth', severity: 'warning' }, 0.5),
      makeAlert('FrontendErrors', { service: 'frontend', severity: 'critical' }, 1),
    ], { graph: shop });
    expect(names(groups)).toEqual([['PaymentsDbDown', 'FrontendErrors'], ['AuthCertificateExpiring']]);
    expect(groups[0]!.joins[0]!.apart).toEqual([{
      group: expect.objectContaining({ name: 'AuthCertificateExpiring' }),
      reasons: [expect.objectContaining({ rule: 'dependency', path: ['frontend', 'auth'] })],
    }]);
  });
});

describe('correlateAlerts: a shared host', () => {
  it('joins alerts of what runs on a host to the group of the host\'s own earlier alert, naming the host', () => {
    const groups = correlateAlerts([
      makeAlert('KubeNodeMemoryPressure', { node: 'node-2' }, 0),
      makeAlert('KubePodRestarting', { pod: 'payments-0', node: 'node-2' }, 1),
      makeAlert('HighCpuUsage', { service: 'cart', node: 'node-3' }, 1),
    ]);
    expect(names(groups)).toEqual([['KubeNodeMemoryPressure', 'KubePodRestarting'], ['HighCpuUsage']]);
    expect(groups[0]!.joins[0]!.reasons).toEqual([
      { rule: 'same-host', host: 'node-2', member: { fingerprint: expect.any(String), name: 'KubeNodeMemoryPressure', startsAt: T0 } },
    ]);
  });

  it('leaves apart a host alert that comes after its services\' alerts, and services that only share a host', () => {
    // A machine's alert that follows what runs on it is as likely a consequence (load) as a cause,
    // and one machine runs many unrelated things.
    const groups = correlateAlerts([
      makeAlert('HighCpuUsage', { service: 'cart', node: 'node-2' }, 0),
      makeAlert('HighErrorRate', { service: 'auth', node: 'node-2' }, 1),
      makeAlert('NodeLoadHigh', { node: 'node-2' }, 2),
    ]);
    expect(names(groups)).toEqual([['HighCpuUsage'], ['HighErrorRate'], ['NodeLoadHigh']]);
  });

  it('never merges two incidents through a shared host alone', () => {
    const groups = correlateAlerts([
      makeAlert('NodeDiskPressure', { node: 'node-2' }, 0),
      makeAlert('PaymentsDown', { service: 'payments' }, 0.5),
      makeAlert('PaymentsSlow', { service: 'payments', node: 'node-2' }, 1),
    ]);
    expect(names(groups)).toEqual([['NodeDiskPressure'], ['PaymentsDown', 'PaymentsSlow']]);
    expect(groups[1]!.joins[0]!.apart).toEqual([{ group: expect.objectContaining({ name: 'NodeDiskPressure' }), reasons: [expect.objectContaining({ rule: 'same-host', host: 'node-2' })] }]);
  });
});

describe('correlateAlerts: alerts that resolve and fire again', () => {
  const first = makeAlert('Flapping', {}, 0, { state: 'resolved', endsAt: T0 + 3 * MINUTE });

  it('joins the refire to its own group when it comes back within the gap', () => {
    const again = makeAlert('Flapping', {}, 8);
    const groups = correlateAlerts([first, again]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.joins[0]!.reasons).toEqual([{ rule: 'same-alert', member: expect.objectContaining({ startsAt: T0 }) }]);
    expect(groups[0]!.endsAt).toBeUndefined(); // fired again: still active
  });

  it('opens a new group, with a distinct id, when it comes back much later', () => {
    const groups = correlateAlerts([first, makeAlert('Flapping', {}, 45)]);
    expect(groups.map((g) => g.id)).toEqual([first.fingerprint.slice(0, 8), `${first.fingerprint.slice(0, 8)}-2`]);
    expect(groups[0]!.endsAt).toBe(T0 + 3 * MINUTE);
  });

  it('counts an alert delivered twice once', () => {
    expect(correlateAlerts([first, { ...first }])[0]!.alerts).toHaveLength(1);
  });
});

describe('correlateAlerts: Alertmanager grouping', () => {
  it('joins through any of the groups an alert is in, ignoring catch-all groups without labels', () => {
    const byName = { receiver: 'pagerduty', labels: { alertname: 'HighErrorRate' } };
    const byTeam = { receiver: 'slack', labels: { team: 'payments' } };
    const catchAll = { receiver: 'default', labels: {} };
    const groups = correlateAlerts([
      makeAlert('HighErrorRate', { instance: 'a' }, 0, { groups: [byName, byTeam] }),
      makeAlert('QueueBacklog', { instance: 'b' }, 1, { groups: [byTeam] }),
      makeAlert('HighErrorRate', { instance: 'c' }, 2, { groups: [byName] }),
      makeAlert('Unrouted1', { instance: 'd' }, 2, { groups: [catchAll] }),
      makeAlert('Unrouted2', { instance: 'e' }, 2, { groups: [catchAll] }),
    ]);
    expect(names(groups).sort()).toEqual([['HighErrorRate', 'QueueBacklog', 'HighErrorRate'], ['Unrouted1'], ['Unrouted2']]);
    const main = groups.find((g) => g.alerts.length === 3)!;
    expect(main.joins.map((j) => j.reasons[0]!.group)).toEqual([byTeam, byName]);
  });

  it('can be switched off', () => {
    const g = { receiver: 'slack', labels: { team: 'payments' } };
    expect(correlateAlerts([makeAlert('A', {}, 0, { groups: [g] }), makeAlert('B', {}, 1, { groups: [g] })], { alertmanagerGroups: false })).toHaveLength(2);
  });
});

describe('correlateAlerts: group summary', () => {
  it('gives the highest severity, services in order of their first alert, and the end once all ended', () => {
    const [group] = correlateAlerts([
      makeAlert('B', { service: 'payments', severity: 'warning' }, 1, { state: 'resolved', endsAt: T0 + 9 * MINUTE }),
      makeAlert('A', { service: 'payments-db', severity: 'page' }, 0, { state: 'resolved', endsAt: T0 + 5 * MINUTE }),
    ], { graph: shop });
    expect(group).toMatchObject({ severity: 'critical', services: ['payments-db', 'payments'], endsAt: T0 + 9 * MINUTE });
  });

  it('handles an alert storm of 5,000 alerts in the expected groups', () => {
    // 50 incidents, 30 minutes apart; each hits 100 instances of one of 10 services.
    const storm = [];
    for (let incident = 0; incident < 50; incident++) {
      for (let i = 0; i < 100; i++) {
        storm.push(makeAlert(`Alert${i % 7}`, { service: `svc-${incident % 10}`, instance: `i-${incident}-${i}` }, incident * 30 + (i % 9)));
      }
    }
    const groups = correlateAlerts(storm);
    expect(groups).toHaveLength(50);
    expect(groups.every((g) => g.alerts.length === 100 && g.services.length === 1)).toBe(true);
  });
});
