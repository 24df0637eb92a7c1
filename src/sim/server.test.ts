import { describe, expect, it } from 'vitest';
import { DEFAULT_ONSET_AGO_MS, startDemo } from './server.js';

const NOW = Date.UTC(2026, 4, 20, 18, 0, 0);

describe('startDemo', () => {
  it('serves the five APIs on loopback and agrees between Prometheus and Alertmanager', async () => {
    const demo = await startDemo({ now: () => NOW });
    try {
      expect(demo.world.scenario.name).toBe('payments-db-latency');
      expect(demo.world.scenario.onsetMs).toBe(NOW - DEFAULT_ONSET_AGO_MS);
      for (const url of Object.values(demo.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set(Object.values(demo.urls)).size).toBe(5);

      const prom = (await (await fetch(`${demo.urls.prometheus}/api/v1/alerts`)).json()) as { data: { alerts: { state: string; labels: Record<string, string> }[] } };
      const firing = prom.data.alerts.filter((a) => a.state === 'firing').map((a) => `${a.labels.alertname}/${a.labels.service}`);
      expect(firing).toContain('PaymentsDbLatencyHigh/payments-db');
      const am = (await (await fetch(`${demo.urls.alertmanager}/api/v2/alerts`)).json()) as { labels: Record<string, string>; generatorURL: string }[];
      expect(am.map((a) => `${a.labels.alertname}/${a.labels.service}`).sort()).toEqual(firing.sort());
      expect(am[0].generatorURL.startsWith(`${demo.urls.prometheus}/graph?`)).toBe(true);

      for (const url of [demo.urls.loki, demo.urls.jaeger, demo.urls.amplitude]) {
        const res = await fetch(`${url}/`);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }
    } finally {
      await demo.close();
    }
    await expect(fetch(`${demo.urls.prometheus}/-/ready`)).rejects.toThrow();
  });

  it('takes a scenario, a seed and an onset', async () => {
    const demo = await startDemo({ now: () => NOW, scenario: 'calm', seed: 7, onsetMs: NOW - 1000 });
    try {
      expect(demo.world.seed).toBe(7);
      expect(demo.world.scenario).toMatchObject({ name: 'calm', rootCause: '', onsetMs: NOW - 1000 });
    } finally {
      await demo.close();
    }
  });

  it('rejects an unknown scenario before listening', async () => {
    await expect(startDemo({ scenario: 'meteor-strike' })).rejects.toThrow(/unknown scenario "meteor-strike"/);
  });
});
