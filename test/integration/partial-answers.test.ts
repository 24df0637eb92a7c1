// A Thanos or Mimir with a store down answers every query, with a warning that the answer is
// partial. Every command that queries Prometheus tells that warning once on stderr, sanitised,
// carries it in its JSON, and exits 3 (a breach or an anomaly the partial answer shows anyway stays 1).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/sim/server.js';
import { PARTIAL_WARNING, partialProxy, startFakeServer } from '../support/fake-server.js';
import { runObs } from '../support/run-obs.js';
import { openBackends } from '../../src/backends/index.js';
import { liveCockpit } from '../../src/cockpit/live.js';
import { resolveContext } from '../../src/config/resolve.js';

const SPEC = join(import.meta.dirname, '../fixtures/slo/demo/checkout.openslo.yaml');
const TOLD = 'obs: warning from prometheus: partial response: store 10.0.0.7:10901 unavailable RED';

let demo: Demo;
let proxy: Awaited<ReturnType<typeof startFakeServer>>;
const home = mkdtempSync(join(tmpdir(), 'obs-home-'));
const obs = (prometheus: string, ...args: string[]) => runObs(['--config-dir', home, ...args], { env: { OBS_PROMETHEUS_URL: prometheus } });
const warned = (stderr: string) => stderr.split('\n').filter((l) => l.includes('warning from prometheus'));

describe('a partial answer from a Prometheus-compatible backend', () => {
  beforeAll(async () => {
    demo = await startDemo({});
    proxy = await startFakeServer(partialProxy(demo.urls.prometheus));
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await demo?.close();
  });

  it('obs services: told once, in the JSON, exit 3', async () => {
    const r = await obs(proxy.url, 'services', '-o', 'json');
    expect(warned(r.stderr)).toEqual([TOLD]);
    const json = JSON.parse(r.stdout);
    expect(json.warnings).toEqual([PARTIAL_WARNING]);
    expect(json.services.length).toBeGreaterThan(0);
    expect(r.code).toBe(3);
    const direct = await obs(demo.urls.prometheus, 'services', '-o', 'json');
    expect([direct.code, JSON.parse(direct.stdout).warnings]).toEqual([0, []]);
  });

  it('obs anomalies: told once, in the JSON, exit 3 unless something anomalous was found', async () => {
    const r = await obs(proxy.url, 'anomalies', 'sum by (service) (rate(http_requests_total[5m]))', '--since', '1h', '--history', '6h', '-o', 'json');
    expect(warned(r.stderr)).toEqual([TOLD]);
    const json = JSON.parse(r.stdout);
    expect(json.warnings).toEqual([PARTIAL_WARNING]);
    expect(json.scored).toBeGreaterThan(0);
    // What was found stands (1), as a breach does for slo check; else the answer is unknown (3).
    expect(r.code).toBe(json.anomalies.length > 0 ? 1 : 3);
  });

  it('obs slo check and status: told once, in the JSON, exit 3 unless the SLO breached', async () => {
    const check = await obs(proxy.url, 'slo', 'check', '-f', SPEC, '-o', 'json');
    expect(warned(check.stderr)).toEqual([TOLD]);
    const json = JSON.parse(check.stdout);
    expect(json.warnings).toEqual([PARTIAL_WARNING]);
    expect(check.code).toBe(json.verdict === 'BREACHED' ? 1 : 3);
    const status = await obs(proxy.url, 'slo', 'status', '-f', SPEC, '-o', 'json');
    expect(JSON.parse(status.stdout).warnings).toEqual([PARTIAL_WARNING]);
    expect(status.code).toBe(3);
    const direct = await obs(demo.urls.prometheus, 'slo', 'check', '-f', SPEC, '-o', 'json');
    expect(JSON.parse(direct.stdout).warnings).toEqual([]);
  });

  it('obs query: told once, sanitised like every other warning, exit 3', async () => {
    const r = await obs(proxy.url, 'query', 'sum(up)', '-o', 'json');
    expect(warned(r.stderr)).toEqual([TOLD]);
    expect(JSON.parse(r.stdout).warnings).toEqual([PARTIAL_WARNING]);
    expect(r.code).toBe(3);
    expect((await obs(demo.urls.prometheus, 'query', 'sum(up)', '-o', 'json')).code).toBe(0);
  });

  it('obs top: the services and anomaly panels carry the warning, so the cockpit can mark their numbers as partial', async () => {
    const panels = async (prometheus: string) => {
      const backends = await openBackends(resolveContext({ contexts: {} }, undefined, { OBS_PROMETHEUS_URL: prometheus }));
      try {
        const cockpit = liveCockpit(backends);
        return { services: await cockpit.services(), anomalies: await cockpit.anomalies!() };
      } finally {
        await backends.close();
      }
    };
    const partial = await panels(proxy.url);
    expect(partial.services.services.length).toBeGreaterThan(0);
    expect(partial.services.warnings).toEqual([PARTIAL_WARNING]);
    expect(partial.anomalies.warnings).toEqual([PARTIAL_WARNING]);
    const direct = await panels(demo.urls.prometheus);
    expect([direct.services.warnings, direct.anomalies.warnings]).toEqual([undefined, undefined]);
  });
});
