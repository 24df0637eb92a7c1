import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeDependencies } from '../traces/normalize.js';
import { fromAlertmanagerAlerts } from './normalize.js';
import { analyzeAlerts, explainGroup, explainGroupsInTurns, groupAlerts, toCorrelationJson } from './report.js';
import { makeAlert, T0 } from './testdata/make-alert.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));

describe('analyzeAlerts + toCorrelationJson, offline from a replay and a topology file', () => {
  // payments-db goes down and its callers complain; auth's certificate warning fires at the same time.
  const alerts = fromAlertmanagerAlerts(fixture('replay-payments-db.json'));
  const dependencies = normalizeDependencies(fixture('topology.json'));
  const json = toCorrelationJson(analyzeAlerts(alerts, { dependencies }));

  it('prints exactly the documented shape', () => {
    expect(json.groups).toHaveLength(2);
    for (const g of json.groups) {
      expect(Object.keys(g)).toEqual(['id', 'title', 'severity', 'services', 'alerts', 'startsAt', 'endsAt', 'rootCause', 'explanation']);
      for (const c of g.rootCause) {
        expect(Object.keys(c).filter((k) => !['instance', 'host', 'services'].includes(k))).toEqual(['service', 'level', 'score', 'reasons', 'evidence']);
      }
    }
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('groups the payments-db incident with payments-db as first root cause, most severe group first', () => {
    const [incident, other] = json.groups;
    expect(incident).toMatchObject({
      id: '1199200e',
      title: 'payments-db: PaymentsDbDown and 3 more alerts on 4 services',
      severity: 'critical',
      services: ['payments-db', 'payments', 'checkout', 'frontend'],
      alerts: ['1199200eb93ab6df', '4bf0373212f4d057', '816b08c0c344d8cb', '6217d21dd92d064a'],
      startsAt: '2024-05-01T10:00:00.000Z',
      endsAt: null,
    });
    expect(incident!.rootCause.map((c) => c.service)).toEqual(['payments-db', 'payments', 'checkout', 'frontend']);
    expect(incident!.rootCause[0]).toMatchObject({ level: 'service', evidence: { signals: 1, rules: 1, firstAfterMs: 0 } });
    expect(other).toMatchObject({ title: 'auth: CertificateExpiringSoon', severity: 'warning', services: ['auth'] });
  });

  it('explains every join: which alerts, which rule, which edges, what time gap', () => {
    expect(json.groups[0]!.explanation).toEqual([
      'PaymentsDbDown (payments-db) opened the group at 2024-05-01T10:00:00.000Z',
      "HighErrorRate (payments) joined 1m30s after the group's latest alert: payments depends on payments-db (payments → payments-db), where PaymentsDbDown (payments-db) fired",
      "HighLatency (checkout) joined 30s after the group's latest alert: checkout depends on payments (checkout → payments), where HighErrorRate (payments) fired",
      "HighErrorRate (frontend) joined 1m after the group's latest alert: frontend depends on checkout (frontend → checkout), where HighLatency (checkout) fired; the group started by CertificateExpiringSoon (auth) is related only through the dependency graph (frontend → auth) and stays apart",
    ]);
  });

  it('runs without topology too, relating alerts by labels only', () => {
    const groups = toCorrelationJson(analyzeAlerts(alerts)).groups;
    expect(groups).toHaveLength(5);
  });
});

describe('toCorrelationJson', () => {
  it('lists a refired alert once, sets endsAt once everything ended, and sanitises outside text', () => {
    const flapping = makeAlert('Flap\x1b[2Jping', { service: 'pay\x1b]0;x\x07ments' }, 0, { state: 'resolved', endsAt: T0 + 2 * 60_000 });
    const again = { ...flapping, startsAt: T0 + 5 * 60_000, endsAt: T0 + 7 * 60_000 };
    const [group] = toCorrelationJson(analyzeAlerts([flapping, again])).groups;
    expect(group!.alerts).toEqual([flapping.fingerprint]);
    expect(group!.endsAt).toBe('2024-05-01T10:07:00.000Z');
    expect(group!.title).toBe('payments: Flapping and 1 more alert');
    expect(group!.explanation[1]).toBe(
      "Flapping (payments) joined 5m after the group's latest alert: same alert as Flapping (payments), which fired at 2024-05-01T10:00:00.000Z: it resolved and fired again; shares service=\"payments\" with Flapping (payments)",
    );
  });
});

describe('alerts that name no service', () => {
  it('are titled with the labels that tell them apart, not as identical untitled groups', () => {
    const disk = (instance: string, atMinutes: number) => makeAlert('DiskFull', { severity: 'warning', instance }, atMinutes);
    const titles = analyzeAlerts([disk('10.0.0.7:9100', 0), disk('10.0.0.8:9100', 60)]).map((g) => g.title).sort();
    expect(titles).toEqual(['DiskFull (no service; instance="10.0.0.7:9100")', 'DiskFull (no service; instance="10.0.0.8:9100")']);
  });
});

describe('explainGroupsInTurns', () => {
  it('writes the same lines as explainGroup, a storm of them over several turns of the event loop', async () => {
    // 600 instances of payments failing one after the other, and a lone alert elsewhere an hour later.
    const storm = Array.from({ length: 600 }, (_, i) => makeAlert('HighErrorRate', { service: 'payments', instance: `payments-${i}` }, i / 100));
    const { groups } = groupAlerts([...storm, makeAlert('DiskFull', { service: 'search' }, 60)]);
    // What the event loop has to do meanwhile (answers arriving) gets a turn between slices of lines.
    let turns = 0;
    let writing = true;
    const count = () => {
      turns++;
      if (writing) setImmediate(count);
    };
    setImmediate(count);
    const explained = await explainGroupsInTurns(groups);
    writing = false;
    expect(turns).toBeGreaterThanOrEqual(3); // 599 joins, 250 a turn
    expect(groups.map((g) => explained.get(g))).toEqual(groups.map(explainGroup));
    expect(explained.get(groups[0]!)).toHaveLength(600);
  });
});
