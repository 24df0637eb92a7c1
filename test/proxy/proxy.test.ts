import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/config/types.js';
import { reply, startFakeServer } from '../support/fake-server.js';
import { runObs } from '../support/run-obs.js';
import { startForwardProxy } from './forward-proxy.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const upAnswer = () => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'node' }, value: [Date.now() / 1000, '1'] }] } });

/** The transport reads the proxy variables of the process when the HTTP client is made, so set them there. */
function setProxyEnv(vars: Record<string, string>): void {
  for (const v of PROXY_VARS) delete process.env[v];
  Object.assign(process.env, vars);
}

function configDirWith(contexts: Record<string, Context>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obs-proxy-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: Object.keys(contexts)[0], contexts }), { mode: 0o600 });
  return dir;
}

describe('proxies', () => {
  let prometheus: Awaited<ReturnType<typeof startFakeServer>>;
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  const saved = { ...process.env };
  const promHost = () => new URL(prometheus.url).host;
  const proxied = () => proxy.seen.filter((r) => r.target.includes(promHost()));

  beforeAll(async () => {
    prometheus = await startFakeServer((_req, res) => reply(res, 200, upAnswer()));
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await prometheus.close();
    await proxy.close();
  });
  afterEach(() => {
    setProxyEnv({});
    Object.assign(process.env, saved);
    proxy.seen.length = 0;
    prometheus.requests.length = 0;
  });

  it('sends requests through HTTP_PROXY', async () => {
    setProxyEnv({ HTTP_PROXY: proxy.url });
    const r = await runObs(['query', 'up', '-o', 'json'], { env: { OBS_PROMETHEUS_URL: prometheus.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result[0].labels.job).toBe('node');
    expect(proxied().length).toBeGreaterThan(0);
    expect(prometheus.requests[0].url.pathname).toBe('/api/v1/query');
  });

  it('goes direct when NO_PROXY names the host', async () => {
    setProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    const r = await runObs(['query', 'up', '-o', 'json'], { env: { OBS_PROMETHEUS_URL: prometheus.url } });
    expect(r.code).toBe(0);
    expect(proxied()).toEqual([]);
    expect(prometheus.requests).toHaveLength(1);
  });

  it('goes direct with proxy: none in the context, whatever the environment says', async () => {
    setProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    const dir = configDirWith({ lab: { prometheus: { url: prometheus.url, proxy: 'none' } } });
    const r = await runObs(['--config-dir', dir, 'query', 'up', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(proxied()).toEqual([]);
    expect(prometheus.requests).toHaveLength(1);
  });

  it('uses the proxy named in the context without any proxy variable', async () => {
    const dir = configDirWith({ lab: { prometheus: { url: prometheus.url, proxy: proxy.url } } });
    const r = await runObs(['--config-dir', dir, 'query', 'up', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(proxied().length).toBeGreaterThan(0);
  });

  it('reaches every kind of backend through the proxy', async () => {
    setProxyEnv({ HTTP_PROXY: proxy.url });
    const am = await startFakeServer((_req, res) => reply(res, 200, []));
    try {
      const r = await runObs(['alerts', 'list', '-o', 'json'], { env: { OBS_ALERTMANAGER_URL: am.url } });
      expect(r.code).toBe(0);
      expect(proxy.seen.some((s) => s.target.includes(new URL(am.url).host))).toBe(true);
    } finally {
      await am.close();
    }
  });
});

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const haveOpenssl = openssl.status === 0;

// Node cannot create X.509 certificates by itself: without the openssl CLI these are skipped.
describe.skipIf(!haveOpenssl)('TLS: custom CA and client certificates (needs the openssl CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-tls-'));
  const file = (name: string) => join(dir, name);
  let server: Server;
  let mtls: Server;
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  const urlOf = (s: Server) => `https://127.0.0.1:${(s.address() as AddressInfo).port}`;

  /** A self-signed certificate and key, made with openssl: Node cannot create X.509 certificates by itself. */
  const selfSigned = (name: string, subject: string, san?: string) => {
    const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', subject, '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`)];
    if (san) args.push('-addext', `subjectAltName=${san}`);
    const made = spawnSync('openssl', args, { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  };
  const listen = (s: Server) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const obs = (context: Context) => runObs(['--config-dir', configDirWith({ tls: context }), 'query', 'up', '-o', 'json']);

  beforeAll(async () => {
    selfSigned('server', '/CN=127.0.0.1', 'IP:127.0.0.1');
    selfSigned('client', '/CN=obs-client');
    const tls = { key: readFileSync(file('server.key')), cert: readFileSync(file('server.crt')) };
    const answer = (_req: unknown, res: import('node:http').ServerResponse) => reply(res, 200, upAnswer());
    server = createServer(tls, answer);
    mtls = createServer({ ...tls, requestCert: true, rejectUnauthorized: true, ca: readFileSync(file('client.crt')) }, answer);
    await Promise.all([listen(server), listen(mtls)]);
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    server.closeAllConnections();
    mtls.closeAllConnections();
    await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => mtls.close(r)), proxy.close()]);
    setProxyEnv({});
  });

  it('fails with a clear TLS error when the server certificate is not trusted', async () => {
    const r = await obs({ prometheus: { url: urlOf(server) } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/prometheus .*: TLS: self[- ]signed certificate/);
  });

  it('trusts the server with the CA bundle of the context', async () => {
    const r = await obs({ prometheus: { url: urlOf(server), ca: file('server.crt') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toHaveLength(1);
  });

  it('presents the client certificate to a server that requires one (mTLS)', async () => {
    const withCert = await obs({ prometheus: { url: urlOf(mtls), ca: file('server.crt'), cert: file('client.crt'), key: file('client.key') } });
    expect(withCert.stderr).toBe('');
    expect(withCert.code).toBe(0);
    const without = await obs({ prometheus: { url: urlOf(mtls), ca: file('server.crt') } });
    expect(without.code).toBe(3);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT, keeping the CA of the context', async () => {
    setProxyEnv({ HTTPS_PROXY: proxy.url });
    const r = await obs({ prometheus: { url: urlOf(server), ca: file('server.crt') } });
    expect(r.code).toBe(0);
    expect(proxy.seen).toContainEqual({ method: 'CONNECT', target: new URL(urlOf(server)).host });
  });
});

