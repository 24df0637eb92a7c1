import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../http/client.js';
import { reply, startFakeServer } from '../../../test/support/fake-server.js';
import { PrometheusClient } from './client.js';

describe('PrometheusClient range queries', () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  let answer: { status: number; body: unknown; type?: string };
  beforeAll(async () => {
    server = await startFakeServer((_req, res) => reply(res, answer.status, answer.body, answer.type));
  });
  afterAll(() => server.close());
  const client = () => new PrometheusClient(new HttpClient({ backend: 'prometheus', baseUrl: server.url, timeoutMs: 2000, retries: 0 }));
  const range = { start: 1_000_000, end: 1_600_000, stepMs: 60_000 };

  it('reads the series of an answer one at a time, with its warnings and the step used', async () => {
    answer = { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [
      { metric: { job: 'a' }, values: [[1000, '1.5'], [1060, '+Inf']] },
      { metric: { job: 'b' }, values: [[1000, 'NaN']] },
    ] }, warnings: ['partial'] } };
    const pass = await client().queryRangeOnePass('up', range);
    expect(pass).toMatchObject({ count: 2, stepMs: 60_000, warnings: ['partial'], infos: [] });
    expect([...pass.series]).toEqual([
      { labels: { job: 'a' }, points: [{ time: 1_000_000, value: 1.5 }, { time: 1_060_000, value: Infinity }] },
      { labels: { job: 'b' }, points: [{ time: 1_000_000, value: NaN }] },
    ]);
    expect((await client().queryRange('up', range)).series.map((s) => s.labels.job)).toEqual(['a', 'b']);
  });

  it('fails as before on an answer that is not JSON, and on an error envelope', async () => {
    answer = { status: 200, body: '<html>sign in</html>', type: 'text/html' };
    await expect(client().queryRangeOnePass('up', range)).rejects.toMatchObject({ kind: 'decode', message: expect.stringContaining('not JSON: <html>sign in</html>') });
    answer = { status: 200, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } };
    await expect(client().queryRange('up', range)).rejects.toMatchObject({ kind: 'http', message: expect.stringContaining('bad_data: parse error') });
  });
});

describe('PrometheusClient instant queries', () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  let body: unknown;
  beforeAll(async () => {
    server = await startFakeServer((_req, res) => reply(res, 200, body));
  });
  afterAll(() => server.close());
  const client = () => new PrometheusClient(new HttpClient({ backend: 'prometheus', baseUrl: server.url, timeoutMs: 2000, retries: 0 }));

  it('keeps the float samples of an answer with native histograms, and says how many it left out', async () => {
    // The shape of backend-apis.md: a native-histogram item carries `histogram` instead of `value`.
    const histogram = [1714557600, { count: '12', sum: '3.4', buckets: [[0, '0.5', '1', '12']] }];
    body = { status: 'success', data: { resultType: 'vector', result: [
      { metric: { job: 'a' }, value: [1714557600, '2'] },
      { metric: { job: 'b' }, histogram },
    ] } };
    const r = await client().query('rpc_duration_seconds');
    expect(r).toMatchObject({ resultType: 'vector', samples: [{ labels: { job: 'a' }, time: 1714557600_000, value: 2 }] });
    expect(r.warnings).toEqual([expect.stringMatching(/^1 native-histogram sample left out/)]);
  });

  it("names where an unexpected answer came from without the URL's password or secret parameters", async () => {
    body = { status: 'success', data: { resultType: 'vector', result: 'none' } };
    const baseUrl = `${server.url.replace('://', '://bob:URLPASS99@')}/prom?api_key=KEYVALUE123`;
    const http = new HttpClient({ backend: 'prometheus', baseUrl, timeoutMs: 2000, retries: 0 });
    await expect(new PrometheusClient(http).query('up')).rejects.toMatchObject({ kind: 'decode', url: `${server.url.replace('://', '://***:***@')}/prom/api/v1/query?api_key=***` });
  });

  it('still refuses an item that is neither', async () => {
    body = { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: 'two' }] } };
    await expect(client().query('up')).rejects.toMatchObject({ kind: 'decode', message: expect.stringContaining('vector[0] is not shaped as expected') });
  });
});
