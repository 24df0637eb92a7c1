import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

const T0 = 1_796_580_000;

describe('obs query', () => {
  let prometheus: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    prometheus = await startFakeServer((req, res) => {
      if (req.url.pathname === '/api/v1/query_range')
        return reply(res, 200, { status: 'success', data: { resultType: 'matrix', result: [
          { metric: { __name__: 'http_requests', service: 'checkout', code: '500' }, values: [[T0, '0.123456789'], [T0 + 60, 'NaN']] },
          { metric: { __name__: 'http_requests', service: 'cart' }, values: [[T0, '12345.5']] },
        ] } });
      if (req.url.pathname === '/api/v1/query' && new URLSearchParams(req.body || req.url.search).get('query') === 'rate(node_cpu_seconds[5m])')
        return reply(res, 200, { status: 'success', warnings: ['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "node_cpu_seconds"'], data: { resultType: 'vector', result: [{ metric: { job: 'node' }, value: [T0, '1'] }] } });
      if (req.url.pathname === '/api/v1/query')
        return reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'node' }, value: [T0, String(T0)] }] } });
      reply(res, 404, 'not found', 'text/plain');
    });
  });
  afterAll(() => prometheus.close());
  const env = () => ({ OBS_PROMETHEUS_URL: prometheus.url });

  it('prints a range query as CSV with one row per point: labels, RFC3339 time, raw value', async () => {
    const r = await runObs(['query', 'http_requests', '--since', '5m', '-o', 'csv'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      '__name__,code,service,time,value',
      'http_requests,500,checkout,2026-12-06T18:00:00.000Z,0.123456789',
      'http_requests,500,checkout,2026-12-06T18:01:00.000Z,NaN',
      'http_requests,,cart,2026-12-06T18:00:00.000Z,12345.5',
    ]);
  });

  it('writes a piped range answer as the same JSON document as on a terminal, compact, NaN spelled as Prometheus does', async () => {
    const piped = await runObs(['query', 'http_requests', '--since', '5m', '--step', '1m', '-o', 'json'], { env: env() });
    const terminal = await runObs(['query', 'http_requests', '--since', '5m', '--step', '1m', '-o', 'json'], { env: env(), tty: true });
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(terminal.stdout));
    expect(JSON.parse(piped.stdout).result[0]).toEqual({ labels: { __name__: 'http_requests', service: 'checkout', code: '500' }, points: [[T0, 0.123456789], [T0 + 60, 'NaN']] });
  });

  it('keeps the first --limit series of a piped range answer and says it cut', async () => {
    const r = await runObs(['query', 'http_requests', '--since', '5m', '--limit', '1', '-o', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result.map((s: { labels: { service: string } }) => s.labels.service)).toEqual(['checkout']);
    expect(out.truncated).toBe(true);
    expect(r.stderr).toContain('result cut at --limit: 2 series in all');
  });

  it('evaluates the instant query at --to when no range is asked for, and refuses --at with --to', async () => {
    const r = await runObs(['query', 'up', '--to', '2026-12-06T18:00:00Z', '-o', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const asked = new URLSearchParams(prometheus.requests.at(-1)!.body);
    expect([prometheus.requests.at(-1)!.url.pathname, asked.get('time')]).toEqual(['/api/v1/query', String(T0)]);
    const both = await runObs(['query', 'up', '--to', 'now-5m', '--at', 'now-10m'], { env: env() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--at and --to both name the instant of the query');
  });

  it('refuses a zero step, and one below a second, instead of silently raising it', async () => {
    const zero = await runObs(['query', 'up', '--since', '5m', '--step', '0s'], { env: env() });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--step 0s must be longer than zero');
    const half = await runObs(['query', 'up', '--since', '5m', '--step', '500ms'], { env: env() });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("--step 500ms is below obs's smallest step, 1s");
  });

  it('says the labels all series share above the table, and in each row the labels that differ', async () => {
    const r = await runObs(['query', 'http_requests', '--since', '5m', '-o', 'table'], { env: { ...env(), NO_COLOR: '1' }, tty: true, columns: 80 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('all 2 series: http_requests');
    expect(lines[2]).toMatch(/^ \{code="500", service="checkout"\} +NaN /);
    expect(lines[3]).toMatch(/^ \{service="cart"\} +12346 /);
  });

  it('draws a table in ASCII under a locale without UTF-8, as obs top does', async () => {
    const args = ['query', 'http_requests', '--since', '5m', '-o', 'table'];
    const utf8 = await runObs(args, { env: { ...env(), LANG: 'en_US.UTF-8' }, tty: true, columns: 40 });
    expect(utf8.stdout).toContain('…');
    const c = await runObs(args, { env: { ...env(), LANG: 'C' }, tty: true, columns: 40 });
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(c.stdout).toContain('~');
  });

  it('tells a PromQL annotation sent among the warnings (Prometheus 2.48–2.53) but exits 0: the answer is whole', async () => {
    const r = await runObs(['query', 'rate(node_cpu_seconds[5m])', '-o', 'json'], { env: env() });
    expect(r.stderr).toContain('obs: warning from prometheus: PromQL info: metric might not be a counter');
    expect(r.code).toBe(0);
  });

  it('prints a timestamp-like value in full in a table, never as 1.80G', async () => {
    const r = await runObs(['query', 'time()', '-o', 'table'], { env: env() });
    expect(r.stdout).toContain(String(T0));
    expect(r.stdout).not.toMatch(/\dG\b/);
  });

  it('resolves no secret of another backend: a missing loki.password file and an Amplitude cmd: do not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-query-'));
    const marker = join(dir, 'amplitude-secret-ran');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'prod', contexts: { prod: {
      prometheus: { url: prometheus.url },
      loki: { url: 'http://127.0.0.1:9', username: 'u', password: `file:${join(dir, 'no-such-file')}` },
      amplitude: { url: 'http://127.0.0.1:9', username: 'k', password: `cmd:touch ${marker}` },
    } } }));
    const r = await runObs(['--config-dir', dir, 'query', 'up', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
