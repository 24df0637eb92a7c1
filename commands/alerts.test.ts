import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

const alert = (name: string, state: string) => ({ labels: { alertname: name, severity: 'warning' }, annotations: {}, state, activeAt: '2026-12-07T01:00:00.123456789Z', value: '1' });

describe('obs alerts list --pending with an Alertmanager', () => {
  let alertmanager: Awaited<ReturnType<typeof startFakeServer>>;
  let prometheus: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    alertmanager = await startFakeServer((_req, res) => reply(res, 200, [{
      labels: { alertname: 'Firing', severity: 'critical' }, annotations: {}, fingerprint: 'f1', receivers: [{ name: 'x' }],
      startsAt: '2026-12-07T01:00:00Z', endsAt: '2026-12-07T05:00:00Z', updatedAt: '2026-12-07T01:00:00Z', status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    }]));
    prometheus = await startFakeServer((_req, res) => reply(res, 200, { status: 'success', data: { alerts: [alert('Firing', 'firing'), alert('Soon', 'pending')] } }));
  });
  afterAll(() => Promise.all([alertmanager.close(), prometheus.close()]));

  it('adds the pending alerts only Prometheus knows, once each', async () => {
    const r = await runObs(['alerts', 'list', '--pending', '-o', 'json'], { env: { OBS_ALERTMANAGER_URL: alertmanager.url, OBS_PROMETHEUS_URL: prometheus.url } });
    expect(r.code).toBe(0);
    const alerts = JSON.parse(r.stdout).alerts.map((a: { labels: { alertname: string }; state: string; source: string }) => [a.labels.alertname, a.state, a.source]);
    expect(alerts).toEqual([['Firing', 'active', 'alertmanager'], ['Soon', 'pending', 'prometheus']]);
  });

  it('shows an alert that starts after this machine\'s now as the clock skew, not "in 56m"', async () => {
    const now = Date.parse('2026-12-07T00:04:00Z'); // the alert starts at 01:00: its sender's clock is 56m ahead
    const r = await runObs(['alerts', 'list', '-o', 'table'], { now, env: { OBS_ALERTMANAGER_URL: alertmanager.url } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Firing\s+skew 56m/);
    expect(r.stdout).not.toContain('in 56m');
  });

  it('says why it cannot when there is no Prometheus to ask, exit 2', async () => {
    const r = await runObs(['alerts', 'list', '--pending'], { env: { OBS_ALERTMANAGER_URL: alertmanager.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pending needs Prometheus: Alertmanager never sees pending alerts');
  });

  it('leaves Prometheus alone without --pending', async () => {
    const before = prometheus.requests.length;
    const r = await runObs(['alerts', 'list', '-o', 'csv'], { env: { OBS_ALERTMANAGER_URL: alertmanager.url, OBS_PROMETHEUS_URL: prometheus.url } });
    expect(r.stdout.trim().split('\n')).toEqual(['STATE,SEVERITY,ALERT,SERVICE,SINCE,SUMMARY', 'active,critical,Firing,,2026-12-07T01:00:00.000Z,']);
    expect(prometheus.requests.length).toBe(before);
  });
});

describe('obs alerts list order', () => {
  it('puts the most severe first, and the oldest first within a severity, by time whatever the fraction digits', async () => {
    const am = (name: string, severity: string, startsAt: string) => ({
      labels: { alertname: name, severity }, annotations: {}, fingerprint: name, receivers: [], startsAt, endsAt: startsAt, updatedAt: startsAt,
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    });
    const server = await startFakeServer((_req, res) => reply(res, 200, [
      am('Later', 'warning', '2026-12-07T01:00:01.419Z'),
      am('Earlier', 'warning', '2026-12-07T01:00:01.41Z'),
      am('Page', 'critical', '2026-12-07T02:00:00Z'),
      am('Earliest', 'warning', '2026-12-07T00:59:59Z'),
    ]));
    try {
      const r = await runObs(['alerts', 'list', '-o', 'json'], { env: { OBS_ALERTMANAGER_URL: server.url } });
      expect(JSON.parse(r.stdout).alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual(['Page', 'Earliest', 'Earlier', 'Later']);
    } finally {
      await server.close();
    }
  });
});
