import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/config/types.js';
import { reply, startFakeServer } from '../support/fake-server.js';
import { runObs } from '../support/run-obs.js';
import { startForwardProxy } from './forward-proxy.js';

type Fake = Awaited<ReturnType<typeof startFakeServer>>;

function configDirWith(context: Context): string {
  const dir = mkdtempSync(join(tmpdir(), 'obs-doctor-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'oncall', contexts: { oncall: context } }), { mode: 0o600 });
  return dir;
}

/** The one output line about `backend`'s `check`. */
function lineOf(stdout: string, backend: string, check: string): string {
  const lines = stdout.split('\n').filter((l) => new RegExp(`^\\S+\\s+${backend}\\s+${check}\\s`).test(l));
  expect(lines, `one "${backend} ${check}" line in:\n${stdout}`).toHaveLength(1);
  return lines[0];
}

describe('obs doctor', () => {
  let wrongToken: Fake;
  let multiTenant: Fake;
  let skewedJaeger: Fake;
  let healthy: Fake;
  let refusedUrl: string;

  beforeAll(async () => {
    wrongToken = await startFakeServer((_req, res) => reply(res, 401, 'Unauthorized', 'text/plain'));
    multiTenant = await startFakeServer((_req, res) => reply(res, 401, 'no org id\n', 'text/plain'));
    // The Date header says the server is two minutes ahead of this host.
    skewedJaeger = await startFakeServer((_req, res) => reply(res, 200, { services: ['checkout'] }, 'application/json', { date: new Date(Date.now() + 120_000).toUTCString() }));
    healthy = await startFakeServer((req, res) =>
      req.url.pathname.endsWith('/buildinfo')
        ? reply(res, 200, { status: 'success', data: { version: '2.42.0', revision: 'x' } })
        : reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } }),
    );
    const closed = await startFakeServer(() => {});
    refusedUrl = closed.url;
    await closed.close();
  });
  afterAll(async () => {
    await Promise.all([wrongToken.close(), multiTenant.close(), skewedJaeger.close(), healthy.close()]);
  });

  it('explains a wrong token, a missing tenant and an unreachable backend in one line each, exit 3', async () => {
    const dir = configDirWith({
      prometheus: { url: wrongToken.url, bearer: 'wrong-token-1234' },
      loki: { url: multiTenant.url },
      alertmanager: { url: refusedUrl },
      jaeger: { url: skewedJaeger.url },
    });
    const r = await runObs(['--config-dir', dir, 'doctor', '-o', 'table']);
    expect(r.code).toBe(3);
    expect(lineOf(r.stdout, 'prometheus', 'auth')).toMatch(/✗ .*wrong token\/credentials \(HTTP 401: Unauthorized\) — fix: check prometheus\.bearer/);
    expect(lineOf(r.stdout, 'loki', 'tenant')).toMatch(/✗ .*multi-tenant and no tenant is set .*no org id.* — fix: set a tenant: obs context set oncall loki\.tenant <id>/);
    expect(lineOf(r.stdout, 'alertmanager', 'reachable')).toMatch(/✗ .*unreachable: connection refused \(http:\/\/127\.0\.0\.1:\d+\) — fix: is it running\?/);
    expect(lineOf(r.stdout, 'jaeger', 'reachable')).toMatch(/✓ .*reachable in \d+ ms/);
    expect(lineOf(r.stdout, 'jaeger', 'clock')).toMatch(/! .*local clock is 1[12]\d s behind the server/);
    expect(r.stdout).not.toContain('wrong-token-1234');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('3 failed, 1 warning');
  });

  it('says all good, with versions and the proxy in use, exit 0', async () => {
    const proxy = await startForwardProxy();
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      const r = await runObs(['--config-dir', configDirWith({ prometheus: { url: healthy.url, tenant: 'team-a' } }), 'doctor', '-o', 'table'], { env: { LANG: 'C.UTF-8', TERM: 'xterm' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(lineOf(r.stdout, 'prometheus', 'reachable')).toMatch(/✓ .*reachable in \d+ ms, version 2\.42\.0, tenant team-a$/);
      expect(lineOf(r.stdout, 'prometheus', 'proxy')).toContain(`via ${proxy.url} (HTTP_PROXY)`);
      expect(lineOf(r.stdout, 'terminal', 'utf-8')).toContain('UTF-8 (C.UTF-8)');
      expect(proxy.seen.length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
      await proxy.close();
    }
  });

  it('prints the findings as JSON for scripts', async () => {
    const r = await runObs(['--config-dir', configDirWith({ loki: { url: multiTenant.url } }), 'doctor', '-o', 'json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.findings).toContainEqual(expect.objectContaining({ subject: 'loki', check: 'tenant', status: 'fail' }));
  });

  it('is a usage error when the context has no backend', async () => {
    const r = await runObs(['--config-dir', configDirWith({ readOnly: true }), 'doctor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no backend URL to check');
  });
});
