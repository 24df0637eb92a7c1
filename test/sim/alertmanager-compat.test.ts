/**
 * The simulated Alertmanager answers like the real one (0.25, Debian package): same fingerprints for the same
 * labels, same status codes and error bodies for the requests obs may get wrong.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fingerprint } from '../../src/sim/alertmanager/fingerprint.js';
import { createAlertmanagerServer } from '../../src/sim/alertmanager/server.js';
import { createWorld } from '../../src/sim/world/world.js';
import { ALERTMANAGER_BIN, describeWithBinaries, startAlertmanager, type RunningServer } from '../support/prometheus.js';

let real: RunningServer;
let sim: Server;
let simUrl: string;

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? '' : JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: res.status, body: parsed };
}

const hour = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const silence = (over: Record<string, unknown>) => ({
  matchers: [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }],
  startsAt: iso(Date.now()),
  endsAt: iso(Date.now() + hour),
  createdBy: 'obs',
  comment: 'test',
  ...over,
});

describeWithBinaries('the simulated Alertmanager against Alertmanager 0.25', [ALERTMANAGER_BIN], () => {
  beforeAll(async () => {
    real = await startAlertmanager();
    sim = createAlertmanagerServer(createWorld({ seed: 1, scenario: 'calm', onsetMs: Date.now() }));
    await new Promise<void>((r) => sim.listen(0, '127.0.0.1', r));
    simUrl = `http://127.0.0.1:${(sim.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await real?.stop();
    await new Promise<void>((r) => (sim ? sim.close(() => r()) : r()));
  });

  it('computes the same fingerprints', async () => {
    const labels = { alertname: 'HighErrorRate', service: 'payments', severity: 'critical', route: '/é?' };
    await call(real.url, 'POST', '/api/v2/alerts', [{ labels, annotations: {}, startsAt: iso(Date.now()) }]);
    const alerts = (await call(real.url, 'GET', '/api/v2/alerts')).body as { labels: Record<string, string>; fingerprint: string }[];
    const got = alerts.find((a) => a.labels.service === 'payments')!;
    expect(fingerprint(got.labels)).toBe(got.fingerprint);
  });

  it.each([
    ['end before start', silence({ startsAt: iso(Date.now() + hour), endsAt: iso(Date.now()) })],
    ['end in the past', silence({ startsAt: iso(Date.now() - 2 * hour), endsAt: iso(Date.now() - hour) })],
    ['unknown id', { ...silence({}), id: '00000000-0000-4000-8000-000000000000' }],
  ])('rejects a silence with %s the same way', async (_, body) => {
    const a = await call(real.url, 'POST', '/api/v2/silences', body);
    const b = await call(simUrl, 'POST', '/api/v2/silences', body);
    expect(b).toEqual(a);
  });

  it.each([
    ['missing createdBy', (() => {
      const s: Record<string, unknown> = silence({});
      delete s.createdBy;
      return s;
    })()],
  ])('answers a Swagger validation error for %s with the same status and code', async (_, body) => {
    const a = await call(real.url, 'POST', '/api/v2/silences', body);
    const b = await call(simUrl, 'POST', '/api/v2/silences', body);
    expect(b.status).toBe(a.status);
    expect((b.body as { code: number }).code).toBe((a.body as { code: number }).code);
  });

  it.each([
    ['GET', '/api/v2/silence/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/api/v2/silence/00000000-0000-4000-8000-000000000000'],
    ['GET', '/api/v2/silence/nope'],
    ['GET', `/api/v2/alerts?filter=${encodeURIComponent('a=~"("')}`],
    ['GET', '/api/v2/alerts?active=maybe'],
  ])('%s %s answers with the same status', async (method, path) => {
    const a = await call(real.url, method, path);
    const b = await call(simUrl, method, path);
    expect(b.status).toBe(a.status);
    // Go's and JS's regex error texts differ; the other error bodies are the same
    if (!path.includes('filter')) expect(b.body).toEqual(a.body);
  });
});
