import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../http/client.js';
import type { BackendName } from '../http/errors.js';
import { backendFailure, reply, startFakeServer } from '../../test/support/fake-server.js';
import { AlertmanagerClient } from './alertmanager/client.js';
import { AmplitudeClient } from './amplitude/client.js';
import { LokiClient } from './loki/client.js';
import { PrometheusClient } from './prometheus/client.js';

/** What a misrouted URL answered a tester: valid JSON, but no backend's documented shape. */
const WRONG = { status: 'success', data: { resultType: 'vector', result: [{ metric: null, value: 'x' }] }, alerts: 5, streams: 'no' };

describe('an answer that is JSON but not shaped as the API documents', () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  let body: unknown = WRONG;
  beforeAll(async () => {
    server = await startFakeServer((_req, res) => reply(res, 200, body));
  });
  afterAll(() => server.close());
  const http = (backend: BackendName) => new HttpClient({ backend, baseUrl: server.url, timeoutMs: 2000, retries: 0 });

  it('fails as a decode error naming the backend, the URL and what was wrong, for every Alertmanager list', async () => {
    const am = new AlertmanagerClient(http('alertmanager'));
    for (const [call, problem] of [
      [am.alerts(), 'alert list is an object, not a list'],
      [am.groups(), 'alert group list is an object, not a list'],
      [am.silences({ state: ['active'] }), 'silence list is an object, not a list'],
    ] as const) {
      const err = await backendFailure(call);
      expect(err).toMatchObject({ backend: 'alertmanager', kind: 'decode', message: `unexpected answer: ${problem}` });
      expect(err.oneLine()).toContain(`alertmanager (${server.url}/api/v2/`);
    }
    body = [{ labels: { alertname: 'A' }, status: { state: 'active' } }, { labels: 'x' }];
    expect((await backendFailure(am.alerts())).message).toBe('unexpected answer: alert list[1] is not shaped as expected: {"labels":"x"}');
    body = WRONG;
  });

  it('fails for a Prometheus instant sample without a [time, value] pair, and a range query answered with a vector', async () => {
    const prom = new PrometheusClient(http('prometheus'));
    expect(await backendFailure(prom.query('up'))).toMatchObject({ backend: 'prometheus', kind: 'decode', message: expect.stringContaining('vector[0] is not shaped as expected') });
    expect((await backendFailure(prom.queryRange('up', { start: 0, end: 60_000 }))).message).toBe('unexpected answer: a range query should answer with a matrix, not "vector"');
    body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 2]] }] } };
    const pass = await prom.queryRangeOnePass('up', { start: 0, end: 60_000 });
    expect(() => [...pass.series]).toThrow(/a matrix series is not shaped as expected/);
    body = { status: 'success', data: { labels: 1 } };
    expect((await backendFailure(prom.labels())).message).toBe('unexpected answer: label list is an object, not a list');
    body = WRONG;
  });

  it('fails for Loki patterns that are not a list, instead of calling them "no pattern detection"', async () => {
    body = { status: 'success', data: { pattern: 'x' } };
    const err = await backendFailure(new LokiClient(http('loki')).patterns('{a="b"}', { start: 0, end: 60_000 }));
    expect(err).toMatchObject({ backend: 'loki', kind: 'decode', message: 'unexpected answer: pattern list is an object, not a list' });
    body = WRONG;
  });

  it('fails for an Amplitude chart without series, rather than showing an empty chart', async () => {
    const amp = new AmplitudeClient(http('amplitude'));
    expect(await backendFailure(amp.realtime())).toMatchObject({ backend: 'amplitude', kind: 'decode', message: 'unexpected answer: "data.xValues" is missing, not a list' });
  });

  it('still takes an absent list as empty, as the servers send for "nothing"', async () => {
    body = { status: 'success', data: null };
    expect(await new PrometheusClient(http('prometheus')).labels()).toEqual([]);
    expect(await new LokiClient(http('loki')).patterns('{a="b"}', { start: 0, end: 60_000 })).toMatchObject({ available: true, patterns: [] });
    body = '';
    expect(await new AlertmanagerClient(http('alertmanager')).alerts()).toEqual([]);
    body = WRONG;
  });
});
