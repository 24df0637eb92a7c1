import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialPrometheus, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

const SPEC = join(import.meta.dirname, '../test/fixtures/slo/demo/checkout.openslo.yaml');

describe('obs slo check', () => {
  // A Prometheus (or Thanos) that answers every query partially, with a warning that says so.
  let prometheus: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    prometheus = await startFakeServer(partialPrometheus);
  });
  afterAll(() => prometheus.close());

  it("tells Prometheus's warnings once on stderr, sanitised, however many of its queries carried them", async () => {
    const r = await runObs(['slo', 'check', '-f', SPEC, '-o', 'json'], { env: { OBS_PROMETHEUS_URL: prometheus.url } });
    const warned = r.stderr.split('\n').filter((l) => l.includes('warning from prometheus'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('store eu-1 unreachable: ');
    expect(warned[0]).toContain('partial answer');
    expect(warned[0]).not.toContain('\u001b');
  });
});
