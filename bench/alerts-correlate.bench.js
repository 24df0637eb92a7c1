// Speed of alert correlation with root-cause ranking on alert storms shaped like Alertmanager's
// GET /api/v2/alerts: incidents on a seeded service graph, each firing symptom alerts up the call
// chain from a broken service, many instances per service, plus background noise.
// Usage: node bench/alerts-correlate.bench.js [alerts]   (default 5,000; needs `npm run build`)
import { measure as measureRuns } from './measure.js';
import {
  analyzeAlerts, buildServiceGraph, correlateAlerts, fromAlertmanagerAlerts, labelsFingerprint, mergeAlerts, toCorrelationJson,
} from '../dist/src/alerts/index.js';

const total = Number(process.argv[2] ?? 5000);
const RUNS = 7;

// Deterministic PRNG (mulberry32) so every run times the same storm.
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 200 services in layers (edge, mid tiers, data stores); each calls 2-4 services of the next layers. */
function topology(random) {
  const layers = [8, 40, 60, 52, 40];
  const services = layers.map((n, l) => Array.from({ length: n }, (_, i) => `svc-${l}-${i}`));
  const edges = [];
  for (let l = 0; l < layers.length - 1; l++) {
    for (const parent of services[l]) {
      const calls = 2 + Math.floor(random() * 3);
      for (let c = 0; c < calls; c++) {
        const layer = services[l + 1 + Math.floor(random() * Math.min(2, layers.length - 1 - l))];
        edges.push({ parent, child: layer[Math.floor(random() * layer.length)], callCount: 1 + Math.floor(random() * 5000) });
      }
    }
  }
  return { services, edges };
}

function amAlert(labels, startsAt, group) {
  return {
    labels, annotations: { summary: `${labels.alertname} on ${labels.service ?? labels.instance}` },
    startsAt: new Date(startsAt).toISOString(), updatedAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 3_600_000).toISOString(), fingerprint: labelsFingerprint(labels),
    receivers: [{ name: group }], status: { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: [] },
  };
}

/** `n` alerts: an incident every 25 minutes (250 alerts each on average) making 80% of them, 20% node noise. */
function storm(n, random, { services, edges }) {
  const parents = new Map();
  for (const e of edges) parents.set(e.child, [...(parents.get(e.child) ?? []), e.parent]);
  const T0 = Date.parse('2024-05-01T10:00:00Z');
  const items = [];
  const incidents = Math.max(1, Math.round(n / 250));
  for (let k = 0; items.length < n * 0.8; k = (k + 1) % incidents) {
    const start = T0 + k * 25 * 60_000;
    const broken = services[3 + (k % 2)][k % services[3 + (k % 2)].length];
    // The broken service, then its callers up to the edge, each a minute later.
    const chain = [broken];
    for (let s = broken; parents.get(s); ) {
      s = parents.get(s)[Math.floor(random() * parents.get(s).length)];
      chain.push(s);
    }
    chain.forEach((service, hop) => {
      const name = hop === 0 ? 'ServiceDown' : hop % 2 ? 'HighErrorRate' : 'HighLatency';
      const replicas = 4 + Math.floor(random() * 8);
      for (let r = 0; r < replicas && items.length < n * 0.8; r++) {
        items.push(amAlert({ alertname: name, service, instance: `${service}-${r}:8080`, pod: `${service}-7c9d8-${r}x2k4`,
          namespace: 'prod', cluster: 'eu-1', severity: hop === 0 ? 'critical' : 'warning', incident: String(items.length % 97) },
        start + hop * 60_000 + r * 1000, 'pagerduty'));
      }
    });
  }
  while (items.length < n) {
    // Node-level noise from node-exporter: an instance, no service.
    items.push(amAlert({ alertname: 'DiskAlmostFull', instance: `node-${Math.floor(random() * 500)}:9100`, job: 'node-exporter',
      severity: 'info' }, T0 + Math.floor(random() * incidents * 25 * 60_000), 'slack'));
  }
  return items;
}

const measure = (label, fn) => measureRuns(label, fn, RUNS, 44);

const random = prng(0x5eed);
const topo = topology(random);
const graph = buildServiceGraph(topo.edges);
console.log(`${topo.services.flat().length} services, ${topo.edges.length} edges; ${RUNS} runs each`);

for (const n of [...new Set([Math.round(total / 4), Math.round(total / 2), total, total * 2])]) {
  const items = storm(n, prng(n), topo);
  const alerts = measure(`${n} alerts: normalise (GET /api/v2/alerts)`, () => fromAlertmanagerAlerts(items));
  const merged = measure(`${n} alerts: merge and deduplicate`, () => mergeAlerts(alerts));
  const groups = measure(`${n} alerts: correlate`, () => correlateAlerts(merged, { graph }));
  const report = measure(`${n} alerts: whole analysis + JSON`, () => toCorrelationJson(analyzeAlerts(alerts, { dependencies: topo.edges })));
  const biggest = Math.max(...groups.map((g) => g.alerts.length));
  console.log(`  -> ${groups.length} groups (largest ${biggest} alerts), ${report.groups.reduce((s, g) => s + g.explanation.length, 0)} explanation lines`);
}

// Worst cases: one giant incident (every alert related) and no relations at all.
const T0 = Date.parse('2024-05-01T10:00:00Z');
const giant = Array.from({ length: total }, (_, i) =>
  amAlert({ alertname: 'HighErrorRate', service: topo.services[1 + (i % 4)][i % 40], instance: `i-${i}`, cluster: 'eu-1' }, T0 + i * 100, 'pagerduty'));
measure(`${total} alerts, one incident on 160 services`, () => analyzeAlerts(fromAlertmanagerAlerts(giant), { dependencies: topo.edges, joinLabels: ['cluster'] }));
const apart = Array.from({ length: total }, (_, i) => amAlert({ alertname: `Alert${i}`, instance: `i-${i}` }, T0 + i * 1000, 'slack'));
measure(`${total} alerts, all unrelated`, () => analyzeAlerts(fromAlertmanagerAlerts(apart), { dependencies: topo.edges }));
