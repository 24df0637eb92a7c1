import { afterEach, describe, expect, it } from 'vitest';
import { reply, startFakeServer, backendFailure } from '../../test/support/fake-server.js';
import { HttpClient } from './client.js';
import { registerSecret } from './redact.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function serve(handler: Parameters<typeof startFakeServer>[0]) {
  const s = await startFakeServer(handler);
  closers.push(s.close);
  return s;
}

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const c = new HttpClient({ backend: 'prometheus', baseUrl, timeoutMs: 2000, ...extra });
  closers.push(() => c.close());
  return c;
}


describe('HttpClient', () => {
  it('sends auth, tenant, default params and form bodies', async () => {
    const s = await serve((_req, res) => reply(res, 200, { ok: true }));
    const c = client(s.url + '/prometheus/', { auth: { bearer: 'tok-123' }, tenant: 'team-a', defaultParams: { partial_response: 'false' } });
    const answer = await c.json<{ ok: boolean }>({ method: 'POST', path: '/api/v1/query', form: { query: 'up{job="x"}' }, idempotent: true });
    expect(answer.data.ok).toBe(true);
    const req = s.requests[0];
    expect(req.url.pathname).toBe('/prometheus/api/v1/query');
    expect(req.url.searchParams.get('partial_response')).toBe('false');
    expect(req.headers.authorization).toBe('Bearer tok-123');
    expect(req.headers['x-scope-orgid']).toBe('team-a');
    expect(new URLSearchParams(req.body).get('query')).toBe('up{job="x"}');
  });

  it('sends basic auth and extra headers', async () => {
    const s = await serve((_req, res) => reply(res, 200, {}));
    await client(s.url, { auth: { username: 'key', password: 'secret', headers: { 'X-Extra': 'yes' } } }).json({ path: '/x' });
    expect(s.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`);
    expect(s.requests[0].headers['x-extra']).toBe('yes');
  });

  it('retries idempotent requests on 503 honouring Retry-After, then succeeds', async () => {
    let n = 0;
    const s = await serve((_req, res) => (++n < 3 ? reply(res, 503, 'busy', 'text/plain', { 'retry-after': '0' }) : reply(res, 200, { n })));
    const answer = await client(s.url).json<{ n: number }>({ path: '/q' });
    expect(answer.data.n).toBe(3);
    expect(s.requests).toHaveLength(3);
  });

  it('never retries a non-idempotent POST', async () => {
    const s = await serve((_req, res) => reply(res, 503, 'busy', 'text/plain'));
    const err = await backendFailure(client(s.url).json({ method: 'POST', path: '/silences', json: {} }));
    expect(err.status).toBe(503);
    expect(s.requests).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    const s = await serve((_req, res) => reply(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' }));
    const err = await backendFailure(client(s.url).json({ path: '/api/v1/query' }));
    expect(s.requests).toHaveLength(1);
    expect(err.kind).toBe('http');
    expect(err.message).toBe('bad_data: parse error: unexpected end of input');
  });

  it('reads each documented error form into one line', async () => {
    const cases: [number, string, string, string][] = [
      [400, '"Failed to create silence: end time can\'t be in the past"', 'application/json', "Failed to create silence: end time can't be in the past"],
      [422, '{"code":602,"message":"silenceID in path must be of type uuid"}', 'application/json', 'silenceID in path must be of type uuid'],
      [400, 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER\n', 'text/plain; charset=utf-8', 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER'],
      [404, '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}', 'text/plain', 'trace not found'],
      [400, '{"error":{"httpCode":400,"message":"query.startTimeMin and query.startTimeMax are required"}}', 'text/plain', 'query.startTimeMin and query.startTimeMax are required'],
      [502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>', 'text/html', '502 Bad Gateway (HTML page, probably from a proxy in front of the backend)'],
      [401, 'no org id', 'text/plain', 'no org id'],
    ];
    for (const [status, body, type, expected] of cases) {
      const s = await serve((_req, res) => reply(res, status, body, type));
      const err = await backendFailure(client(s.url, { retries: 0 }).json({ path: '/x' }));
      expect(err.message).toBe(expected);
      expect(err.status).toBe(status);
      expect(err.oneLine()).not.toMatch(/\n/);
    }
  });

  it('classifies limits and adds hints', async () => {
    const s = await serve((_req, res) => reply(res, 400, { status: 'error', errorType: 'bad_data', error: 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)' }));
    const err = await backendFailure(client(s.url).json({ path: '/x' }));
    expect(err.kind).toBe('limit');
    expect(err.hint).toMatch(/--step/);
    const t = await serve((_req, res) => reply(res, 401, 'no org id', 'text/plain'));
    expect((await backendFailure(client(t.url).json({ path: '/x' }))).hint).toMatch(/tenant/);
  });

  it('reports an answer that is not JSON as a decode error', async () => {
    const s = await serve((_req, res) => reply(res, 200, '<html>login</html>', 'text/html'));
    const err = await backendFailure(client(s.url).json({ path: '/x' }));
    expect(err.kind).toBe('decode');
  });

  it('reports a stopped backend as unreachable with the URL', async () => {
    const s = await serve((_req, res) => reply(res, 200, {}));
    await s.close();
    const err = await backendFailure(client(s.url, { retries: 0 }).json({ path: '/api/v1/query' }));
    expect(err.kind).toBe('unreachable');
    expect(err.oneLine()).toContain(`prometheus (${s.url}/api/v1/query): connection refused`);
  });

  it('times out a backend that never answers', async () => {
    const s = await serve(() => new Promise(() => {}));
    const err = await backendFailure(client(s.url, { timeoutMs: 200, retries: 0 }).json({ path: '/slow' }));
    expect(err.kind).toBe('timeout');
  });

  it('does not ask again for a request still out when the client closes', async () => {
    const s = await serve(() => new Promise(() => {}));
    const c = client(s.url, { retries: 2 });
    const pending = backendFailure(c.json({ path: '/slow' }));
    while (s.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await c.close();
    await pending;
    await new Promise((r) => setTimeout(r, 600));
    expect(s.requests).toHaveLength(1);
  });

  it('does not send the requests still queued for a connection once the client closes', async () => {
    // A backend that never answers: 2 requests hold the pool's 2 connections, 3 wait for one.
    const s = await serve(() => new Promise(() => {}));
    const c = client(s.url, { retries: 0, concurrency: 2 });
    const pending = [1, 2, 3, 4, 5].map((i) => backendFailure(c.json({ path: `/slow/${i}` })));
    while (s.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    await c.close();
    await Promise.all(pending);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.requests).toHaveLength(2);
  });

  it('keeps secrets out of errors and debug lines', async () => {
    registerSecret('s3cr3t-token-value');
    const lines: string[] = [];
    const s = await serve((_req, res) => reply(res, 400, 'bad token s3cr3t-token-value', 'text/plain'));
    const err = await backendFailure(client(s.url, { auth: { bearer: 's3cr3t-token-value' }, debug: (l) => lines.push(l) }).json({ path: '/x', query: { api_key: 'abc12345' } }));
    expect(err.message).toBe('bad token ***');
    expect(lines.join('\n')).not.toContain('s3cr3t');
    expect(lines.join('\n')).not.toContain('abc12345');
  });

  it('keeps Basic credentials out of errors when a server echoes the Authorization header back', async () => {
    const s = await serve((req, res) => reply(res, 401, `unauthorized: token ${req.headers.authorization}`, 'text/plain'));
    const fromConfig = await backendFailure(client(s.url, { auth: { username: 'alice', password: 'PASSW0RDxyz' } }).json({ path: '/x' }));
    expect(s.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('alice:PASSW0RDxyz').toString('base64')}`);
    expect(fromConfig.message).toBe('unauthorized: token Basic ***');
    const fromUrl = await backendFailure(client(s.url.replace('://', '://bob:URL%2FPASS99@')).json({ path: '/x' }));
    expect(s.requests[1].headers.authorization).toBe(`Basic ${Buffer.from('bob:URL/PASS99').toString('base64')}`);
    expect(fromUrl.message).toBe('unauthorized: token Basic ***');
    expect(fromUrl.oneLine()).not.toContain('PASS99');
  });

  it("appends the API path to a base URL's path prefix, with or without its trailing slash", async () => {
    const s = await serve((_req, res) => reply(res, 200, {}));
    await client(`${s.url}/prometheus`).json({ path: '/api/v1/query', query: { query: 'up' } });
    await client(`${s.url}/prometheus/`).json({ path: '/api/v1/query', query: { query: 'up' } });
    expect(s.requests.map((r) => r.target)).toEqual(['/prometheus/api/v1/query?query=up', '/prometheus/api/v1/query?query=up']);
  });

  it("keeps a base URL's query, merged with the params and the request's own: on a clash the later one wins", async () => {
    const s = await serve((_req, res) => reply(res, 200, {}));
    const c = client(`${s.url}/prom?org=acme&limit=5&dedup=true`, { defaultParams: { dedup: 'false', partial_response: 'false' } });
    await c.json({ path: '/api/v1/query', query: { query: 'up', limit: 10, start: undefined } });
    expect(s.requests[0].target).toBe('/prom/api/v1/query?org=acme&dedup=false&partial_response=false&query=up&limit=10');
    expect(c.url('/loki/api/v1/tail', { query: '{a="b"}' })).toBe(`${s.url}/prom/loki/api/v1/tail?org=acme&limit=5&dedup=false&partial_response=false&query=%7Ba%3D%22b%22%7D`);
  });

  it("keeps a base URL's user:password and secret parameters out of errors, and still sends them", async () => {
    const s = await serve((req, res) => reply(res, 401, `denied ${req.target}`, 'text/plain'));
    const c = client(`${s.url.replace('://', '://bob:URLPASS99@')}/p?api_key=KEYVALUE123`);
    const err = await backendFailure(c.json({ path: '/api/v1/query' }));
    expect(s.requests[0].target).toBe('/p/api/v1/query?api_key=KEYVALUE123');
    expect(s.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('bob:URLPASS99').toString('base64')}`);
    expect(err.message).toBe('denied /p/api/v1/query?api_key=***');
    expect(err.url).toBe(`${s.url.replace('://', '://***:***@')}/p/api/v1/query?api_key=***`);
    expect(c.displayUrl('/x')).toBe(`${s.url.replace('://', '://***:***@')}/p/x?api_key=***`);
  });

  it('bounds the number of requests in flight per backend', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await serve(async (_req, res) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      reply(res, 200, {});
    });
    const c = client(s.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.json({ path: `/r${i}` })));
    expect(peak).toBeLessThanOrEqual(3);
    expect(s.requests).toHaveLength(12);
  });
});
