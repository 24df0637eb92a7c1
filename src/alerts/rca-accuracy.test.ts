/**
 * Root-cause accuracy on the labelled faults of ../shared/datasets/rca/MicroSS (152 real faults of
 * the GAIA MicroSS system), measured as `../shared/tools/rca-score` does: the services of the
 * largest group's ranking against the labelled service. The floors sit a little under what the
 * default configuration measures, so a change that loses accuracy fails here. The same ranking is
 * also measured on other systems' faults that are not in shared/: nothing here is tuned per case.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReplayAlerts, parseTopology } from './replay.js';
import { analyzeAlerts, toCorrelationJson } from './report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataset = path.resolve(root, '../shared/datasets/rca/MicroSS');
const available = fs.existsSync(dataset);
const missing = `RCA dev set not found at ${dataset}`;

// Measured with the default configuration: AC@1 0.513, AC@3 0.737 with the Jaeger topology; 0.493, 0.737
// with the knowledge graph.
const FLOORS = { ac1: 0.48, ac3: 0.73 };

function accuracy(topologyFile: string): { ac1: number; ac3: number } {
  const topology = parseTopology(fs.readFileSync(path.join(dataset, topologyFile), 'utf8'));
  const rows = fs.readFileSync(path.join(dataset, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  let ac1 = 0;
  let ac3 = 0;
  for (const [id, , service] of rows) {
    const { alerts } = parseReplayAlerts(fs.readFileSync(path.join(dataset, 'cases', `${id}.alerts.json`), 'utf8'));
    const groups = toCorrelationJson(analyzeAlerts(alerts, topology)).groups;
    if (groups.length === 0) continue;
    const largest = groups.reduce((a, b) => (b.alerts.length > a.alerts.length ? b : a));
    const ranking = largest.rootCause.map((c) => c.service);
    if (ranking[0] === service) ac1++;
    if (ranking.slice(0, 3).includes(service!)) ac3++;
  }
  return { ac1: ac1 / rows.length, ac3: ac3 / rows.length };
}

if (!available && process.env.CI !== 'true') {
  // Outside CI a checkout without ../shared can still run the other tests.
  describe.skip(`root-cause accuracy on the MicroSS dev set (skipped: ${missing})`, () => {
    it('measures AC@1 and AC@3', () => {});
  });
} else {
  describe('root-cause accuracy on the MicroSS dev set', () => {
    for (const file of ['topology.json', 'knowledge-graph.json']) {
      it(`with ${file}: AC@1 >= ${FLOORS.ac1}, AC@3 >= ${FLOORS.ac3}`, { timeout: 120_000 }, () => {
        if (!available) throw new Error(missing);
        const { ac1, ac3 } = accuracy(file);
        expect(ac1).toBeGreaterThanOrEqual(FLOORS.ac1);
        expect(ac3).toBeGreaterThanOrEqual(FLOORS.ac3);
      });
    }
  });
}
