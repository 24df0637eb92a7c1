import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld } from '../world/world.js';
import { fingerprint } from './fingerprint.js';
import { createAlertmanagerServer } from './server.js';

const MIN = 60_000;
const START = Date.UTC(2026, 4, 20, 18, 0, 0);
let clock = START;
let server: Server;
let base: string;

beforeAll(async () => {
  const world = createWorld({ seed: 42, scenario: 'payments-db-latency', onsetMs: START - 30 * MIN });
  server = createAlertmanagerServer(world, { now: () => clock, prometheusUrl: 'http://prom.test' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = any;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? '' : res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const iso = (ms: number) => new Date(ms).toISOString();
const silenceBody = (over: Record<string, unknown> = {}) => ({
  matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }],
  startsAt: iso(clock),
  endsAt: iso(clock + 60 * MIN),
  createdBy: 'test',
  comment: 'quiet please',
  ...over,
});

describe('alerts', () => {
  it('lists the firing alerts Prometheus would send, in gettableAlert shape, sorted by fingerprint', async () => {
    const { status, body } = await call('GET', '/api/v2/alerts');
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(2);
    const fps = body.map((a: Json) => a.fingerprint);
    expect([...fps].sort()).toEqual(fps);
    const db = body.find((a: Json) => a.labels.alertname === 'PaymentsDbLatencyHigh');
    expect(db).toMatchObject({
      labels: { alertname: 'PaymentsDbLatencyHigh', service: 'payments-db', severity: 'critical' },
      receivers: [{ name: 'pagerduty-oncall' }],
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      fingerprint: fingerprint(db.labels),
    });
    expect(db.generatorURL).toMatch(/^http:\/\/prom\.test\/graph\?g0\.expr=/);
    expect(Date.parse(db.endsAt)).toBeGreaterThan(clock);
  });

  it('filters by matchers and receiver, and rejects a bad matcher with a JSON string', async () => {
    const crit = await call('GET', `/api/v2/alerts?filter=${encodeURIComponent('severity="critical"')}&filter=${encodeURIComponent('service=~"pay.*"')}`);
    expect(crit.body.length).toBeGreaterThan(0);
    for (const a of crit.body) expect(a.labels).toMatchObject({ severity: 'critical', service: expect.stringMatching(/^pay/) });
    const slack = await call('GET', '/api/v2/alerts?receiver=slack.*');
    for (const a of slack.body) expect(a.receivers[0].name).toBe('slack-ops');
    const bad = await call('GET', `/api/v2/alerts?filter=${encodeURIComponent('not a matcher')}`);
    expect(bad.status).toBe(400);
    expect(typeof bad.body).toBe('string');
  });

  it('inhibits warnings about a service that has a critical alert', async () => {
    const { body } = await call('GET', '/api/v2/alerts');
    const warning = body.find((a: Json) => a.labels.severity === 'warning' && a.labels.service === 'payments');
    const critical = body.find((a: Json) => a.labels.severity === 'critical' && a.labels.service === 'payments');
    expect(warning.status).toMatchObject({ state: 'suppressed', inhibitedBy: [critical.fingerprint] });
    const uninhibited = await call('GET', '/api/v2/alerts?inhibited=false');
    expect(uninhibited.body.find((a: Json) => a.fingerprint === warning.fingerprint)).toBeUndefined();
  });

  it('groups by alertname and service per receiver', async () => {
    const { body } = await call('GET', '/api/v2/alerts/groups');
    for (const g of body) {
      expect(Object.keys(g.labels).sort()).toEqual(['alertname', 'service']);
      for (const a of g.alerts) {
        expect(a.labels.alertname).toBe(g.labels.alertname);
        expect(a.receivers[0].name).toBe(g.receiver.name);
      }
    }
  });
});

describe('silences', () => {
  it('silence alerts for real, then expire', async () => {
    const created = await call('POST', '/api/v2/silences', silenceBody());
    expect(created.status).toBe(200);
    const id = created.body.silenceID;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const alerts = (await call('GET', '/api/v2/alerts?filter=alertname%3D%22HighErrorRate%22')).body;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.status).toMatchObject({ state: 'suppressed', silencedBy: [id] });
    expect((await call('GET', '/api/v2/alerts?silenced=false&filter=alertname%3D%22HighErrorRate%22')).body).toEqual([]);
    const got = await call('GET', `/api/v2/silence/${id}`);
    expect(got.body).toMatchObject({ id, status: { state: 'active' }, createdBy: 'test', matchers: [{ name: 'alertname', isEqual: true }] });
    expect((await call('DELETE', `/api/v2/silence/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/v2/silence/${id}`)).body.status.state).toBe('expired');
    expect((await call('DELETE', `/api/v2/silence/${id}`)).status).toBe(200);
    const after = (await call('GET', '/api/v2/alerts?filter=alertname%3D%22HighErrorRate%22')).body;
    for (const a of after) expect(a.status.silencedBy).toEqual([]);
  });

  it('lists silences active first, pending next, with filter matching whole matchers', async () => {
    const pending = (await call('POST', '/api/v2/silences', silenceBody({ startsAt: iso(clock + 10 * MIN), comment: 'later' }))).body.silenceID;
    const active = (await call('POST', '/api/v2/silences', silenceBody({ matchers: [{ name: 'service', value: 'cart', isRegex: false }] }))).body.silenceID;
    const list = (await call('GET', '/api/v2/silences')).body;
    const order = list.map((s: Json) => s.id);
    expect(order.indexOf(active)).toBeLessThan(order.indexOf(pending));
    expect(list.find((s: Json) => s.id === pending).status.state).toBe('pending');
    const filtered = (await call('GET', `/api/v2/silences?filter=${encodeURIComponent('service="cart"')}`)).body;
    expect(filtered.map((s: Json) => s.id)).toEqual([active]);
  });

  it('updates in place when only the end changes, else replaces with a new id', async () => {
    const id = (await call('POST', '/api/v2/silences', silenceBody())).body.silenceID;
    const got = (await call('GET', `/api/v2/silence/${id}`)).body;
    const same = await call('POST', '/api/v2/silences', { ...silenceBody({ startsAt: got.startsAt, endsAt: iso(clock + 90 * MIN) }), id });
    expect(same.body.silenceID).toBe(id);
    const changed = await call('POST', '/api/v2/silences', { ...silenceBody({ matchers: [{ name: 'service', value: 'auth', isRegex: false }] }), id });
    expect(changed.body.silenceID).not.toBe(id);
    expect((await call('GET', `/api/v2/silence/${id}`)).body.status.state).toBe('expired');
  });

  it('rejects bad silences the way Alertmanager does', async () => {
    const backwards = await call('POST', '/api/v2/silences', silenceBody({ endsAt: iso(clock - 10 * MIN), startsAt: iso(clock) }));
    expect(backwards).toEqual({ status: 400, body: 'Failed to create silence: start time must be before end time' });
    const past = await call('POST', '/api/v2/silences', silenceBody({ startsAt: iso(clock - 20 * MIN), endsAt: iso(clock - 10 * MIN) }));
    expect(past).toEqual({ status: 400, body: "Failed to create silence: end time can't be in the past" });
    const empty = await call('POST', '/api/v2/silences', silenceBody({ matchers: [{ name: 'a', value: '.*', isRegex: true }] }));
    expect(empty).toEqual({ status: 400, body: 'at least one matcher must not match the empty string' });
    const missing = await call('POST', '/api/v2/silences', { matchers: [], startsAt: iso(clock) });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 602 });
    const unknown = await call('POST', '/api/v2/silences', { ...silenceBody(), id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toEqual({ status: 404, body: 'silence not found' });
    expect((await call('GET', '/api/v2/silence/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('DELETE', '/api/v2/silence/not-a-uuid')).status).toBe(422);
  });

  it('expires silences when their time runs out', async () => {
    const id = (await call('POST', '/api/v2/silences', silenceBody({ endsAt: iso(clock + 5 * MIN) }))).body.silenceID;
    clock += 6 * MIN;
    try {
      expect((await call('GET', `/api/v2/silence/${id}`)).body.status.state).toBe('expired');
    } finally {
      clock -= 6 * MIN;
    }
  });
});

describe('status and receivers', () => {
  it('reports a disabled cluster, the version and the config', async () => {
    const { body } = await call('GET', '/api/v2/status');
    expect(body.cluster.status).toBe('disabled');
    expect(body.versionInfo.version).toMatch(/^0\.25\.0/);
    expect(body.config.original).toContain('pagerduty-oncall');
    expect((await call('GET', '/api/v2/receivers')).body).toEqual([{ name: 'slack-ops' }, { name: 'pagerduty-oncall' }]);
  });
});
