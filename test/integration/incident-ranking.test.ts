// `obs incident open` names the same likely causes, for the same reasons, as `obs alerts correlate`
// at the same moment: both run the one live analysis (src/alerts/live-analysis.ts) with the same
// evidence. The demo world's clock stands still, so the two commands, run one after the other,
// see the same alerts, traces, log lines and SLO burn.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CorrelationJson } from '../../src/alerts/index.js';
import { startDemo } from '../../src/sim/server.js';
import { scenarioSpec } from '../../src/sim/world/scenarios.js';
import { runObs } from '../support/run-obs.js';

// A host fault under several services, and a fault whose own alerts come after its callers'.
const SCENARIOS = ['node-memory-pressure', 'cart-cache-saturation'];

describe('obs incident open ranks as obs alerts correlate does', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: the incident's candidates are its group's, score and reasons alike`, async () => {
      const now = Date.now();
      const demo = await startDemo({ scenario, now: () => now });
      try {
        const env = {
          OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-incident-ranking-')),
          OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: demo.urls.alertmanager,
          OBS_LOKI_URL: demo.urls.loki, OBS_JAEGER_URL: demo.urls.jaeger,
        };
        // A budget long enough for a loaded machine: the ranking must not depend on how busy it is.
        const budget = ['--evidence-budget', '50s'];
        const correlate = await runObs(['alerts', 'correlate', ...budget, '-o', 'json'], { env, now });
        expect(correlate.code).toBe(0);
        const open = await runObs(['incident', 'open', ...budget, '-o', 'json'], { env, now });
        expect(open.code, open.stderr).toBe(0);

        const alerts = JSON.parse(open.stdout).snapshots[0].parts.find((p: { name: string }) => p.name === 'alerts').data;
        const group = (JSON.parse(correlate.stdout) as CorrelationJson).groups.find((g) => g.id === alerts.groupId);
        expect(group, `group ${alerts.groupId} in obs alerts correlate`).toBeDefined();
        expect(alerts.candidates).toEqual(group!.rootCause.map((c) => ({ service: c.service, score: c.score, evidence: c.reasons })));
        expect(alerts.candidates[0].service).toBe(scenarioSpec(scenario).rootCause);
        // Per-service evidence went to the leading suspects only, and the snapshot says so.
        if (alerts.evidenceAsked) expect(alerts.evidenceAsked.services.length).toBeLessThanOrEqual(3);
      } finally {
        await demo.close();
      }
    }, 120_000);
  }
});
