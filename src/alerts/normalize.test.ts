import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from './fingerprint.js';
import { fromAlertmanagerAlerts, fromAlertmanagerGroups, fromPrometheusAlerts, mergeAlerts } from './normalize.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));

const amAlert = (labels: Record<string, string>, startsAt: string, endsAt: string, extra: object = {}) => ({
  labels, annotations: {}, startsAt, endsAt, updatedAt: startsAt, fingerprint: labelsFingerprint(labels),
  receivers: [{ name: 'team' }], status: { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: [] }, ...extra,
});

describe('fromAlertmanagerAlerts', () => {
  it('reads the reference fixture', () => {
    expect(fromAlertmanagerAlerts(fixture('am-alerts.json'))).toEqual([{
      fingerprint: '3f2a9c1b7d4e5f60',
      name: 'NodeDown',
      labels: { alertname: 'NodeDown', instance: '10.0.0.6:9100', job: 'node', severity: 'page' },
      annotations: { summary: 'Node 10.0.0.6 is down', runbook_url: 'https://runbooks.example/node-down' },
      state: 'firing',
      silenced: true,
      inhibited: false,
      inhibitedBy: [],
      muted: false,
      startsAt: Date.parse('2024-05-01T09:55:00.000Z'),
      endsAt: Date.parse('2024-05-01T10:04:00.124Z'),
      updatedAt: Date.parse('2024-05-01T10:00:00.124Z'),
      receivers: ['pagerduty'],
      groups: [],
      sources: ['alertmanager'],
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up%7Bjob%3D%22node%22%7D+%3D%3D+0&g0.tab=1',
    }]);
  });

  it('marks alerts that ended before `now` as resolved, and reads inhibition and mute status', () => {
    const [a, b] = fromAlertmanagerAlerts([
      amAlert({ alertname: 'A' }, '2024-05-01T09:00:00Z', '2024-05-01T09:10:00Z'),
      amAlert({ alertname: 'B' }, '2024-05-01T09:00:00Z', '0001-01-01T00:00:00Z', {
        status: { state: 'suppressed', silencedBy: [], inhibitedBy: ['aaaabbbbccccdddd'], mutedBy: ['weekend'] },
      }),
    ], { now: Date.parse('2024-05-01T09:30:00Z') });
    expect(a).toMatchObject({ state: 'resolved', silenced: false });
    expect(b).toMatchObject({ state: 'firing', inhibited: true, inhibitedBy: ['aaaabbbbccccdddd'], muted: true });
    expect(b!.endsAt).toBeUndefined();
  });

  it('rejects what is not an array, and skips items without a start time', () => {
    expect(() => fromAlertmanagerAlerts({ alerts: [] })).toThrow(TypeError);
    expect(fromAlertmanagerAlerts([{ labels: { alertname: 'X' } }, 42])).toEqual([]);
  });
});

describe('fromAlertmanagerGroups', () => {
  it('keeps one alert per fingerprint with every group it is in', () => {
    const shared = amAlert({ alertname: 'PaymentsDbDown', service: 'payments-db' }, '2024-05-01T09:00:00Z', '2024-05-01T10:00:00Z');
    const alerts = fromAlertmanagerGroups([
      { labels: { alertname: 'PaymentsDbDown' }, receiver: { name: 'pagerduty' }, alerts: [shared] },
      { labels: { team: 'payments' }, receiver: { name: 'slack' }, alerts: [shared, amAlert({ alertname: 'Other' }, '2024-05-01T09:01:00Z', '2024-05-01T10:00:00Z')] },
    ]);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.groups).toEqual([
      { receiver: 'pagerduty', labels: { alertname: 'PaymentsDbDown' } },
      { receiver: 'slack', labels: { team: 'payments' } },
    ]);
    expect(alerts[1]!.groups).toEqual([{ receiver: 'slack', labels: { team: 'payments' } }]);
  });
});

describe('fromPrometheusAlerts', () => {
  it('reads pending and firing alerts and computes the Alertmanager fingerprint', () => {
    const [nodeDown, latency] = fromPrometheusAlerts(fixture('prometheus-alerts.json'));
    expect(nodeDown).toMatchObject({
      name: 'NodeDown', state: 'firing', startsAt: Date.parse('2024-05-01T09:50:00Z'), sources: ['prometheus'],
      fingerprint: labelsFingerprint({ alertname: 'NodeDown', instance: '10.0.0.6:9100', job: 'node', severity: 'page' }),
    });
    expect(latency).toMatchObject({ name: 'HighLatency', state: 'pending' });
    expect(fromPrometheusAlerts({ alerts: [] })).toEqual([]);
    expect(() => fromPrometheusAlerts({ status: 'error', errorType: 'bad_data' })).toThrow(TypeError);
  });
});

describe('mergeAlerts', () => {
  const labels = { alertname: 'NodeDown', instance: '10.0.0.6:9100', job: 'node', severity: 'page' };

  it('joins a Prometheus alert with its Alertmanager copy by fingerprint, keeping Alertmanager state', () => {
    const am = fromAlertmanagerAlerts([amAlert(labels, '2024-05-01T09:55:00Z', '2024-05-01T10:04:00Z', {
      status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [], mutedBy: [] },
    })]);
    const merged = mergeAlerts(fromPrometheusAlerts(fixture('prometheus-alerts.json')), am);
    expect(merged).toHaveLength(2);
    const nodeDown = merged.find((a) => a.name === 'NodeDown')!;
    expect(nodeDown).toMatchObject({
      fingerprint: labelsFingerprint(labels), silenced: true, startsAt: Date.parse('2024-05-01T09:55:00Z'),
      receivers: ['team'], sources: ['alertmanager', 'prometheus'],
    });
  });

  it('joins across sources by label set when Prometheus added external labels on the way', () => {
    const am = fromAlertmanagerAlerts([amAlert({ ...labels, cluster: 'eu-1' }, '2024-05-01T09:55:00Z', '2024-05-01T10:04:00Z')]);
    const merged = mergeAlerts(am, fromPrometheusAlerts({ data: { alerts: [{ labels, annotations: {}, state: 'firing', activeAt: '2024-05-01T09:50:00Z', value: '0e+00' }] } }));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ fingerprint: am[0]!.fingerprint, labels: { cluster: 'eu-1' }, sources: ['alertmanager', 'prometheus'] });
  });

  it('keeps an alert that resolved and fired again as two episodes with one fingerprint', () => {
    const episodes = mergeAlerts(fromAlertmanagerAlerts([
      amAlert(labels, '2024-05-01T09:00:00Z', '2024-05-01T09:10:00Z'),
      amAlert(labels, '2024-05-01T09:30:00Z', '2024-05-01T09:40:00Z'),
      amAlert(labels, '2024-05-01T09:00:00Z', '2024-05-01T09:10:00Z'), // the same episode seen twice
    ]));
    expect(episodes.map((a) => [a.fingerprint, new Date(a.startsAt).toISOString()])).toEqual([
      [labelsFingerprint(labels), '2024-05-01T09:00:00.000Z'],
      [labelsFingerprint(labels), '2024-05-01T09:30:00.000Z'],
    ]);
  });
});
