/**
 * Start the demo world: one seeded model served as the five real APIs, each on its own free loopback port.
 * Prometheus and Alertmanager share one series store and one rule evaluator, so both report the same alerts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlertmanagerServer } from './alertmanager/server.js';
import { SilenceStore } from './alertmanager/silences.js';
import { createAmplitudeServer } from './amplitude/server.js';
import { createJaegerServer } from './jaeger/server.js';
import { createLokiServer } from './loki/server.js';
import { RuleEvaluator } from './prometheus/rules.js';
import { createPrometheusServer } from './prometheus/server.js';
import { SimStorage } from './prometheus/storage.js';
import { DEFAULT_SCENARIO, SCENARIOS, createWorld, type World } from './world/world.js';

export { exportOpenMetrics, type ExportOptions } from './prometheus/openmetrics.js';

export const DEFAULT_SEED = 42;
/** by default the incident started this long ago, so a first look shows it at its peak */
export const DEFAULT_ONSET_AGO_MS = 20 * 60_000;

export interface DemoOptions {
  seed?: number;
  /** one of SCENARIOS; default payments-db-latency */
  scenario?: string;
  /** unix ms of the scenario onset; default 20 minutes before now() */
  onsetMs?: number;
  /** the world's clock (default Date.now) */
  now?: () => number;
  /** interface to listen on (default 127.0.0.1) */
  host?: string;
}

export interface DemoUrls {
  prometheus: string;
  alertmanager: string;
  loki: string;
  jaeger: string;
  amplitude: string;
}

export interface Demo {
  world: World;
  urls: DemoUrls;
  close(): Promise<void>;
}

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
    });
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const scenario = opts.scenario ?? DEFAULT_SCENARIO;
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario "${scenario}" (known: ${SCENARIOS.join(', ')})`);
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const world = createWorld({ seed: opts.seed ?? DEFAULT_SEED, scenario, onsetMs: opts.onsetMs ?? now() - DEFAULT_ONSET_AGO_MS });
  const storage = new SimStorage(world, { now });
  const rules = new RuleEvaluator(storage);
  const servers: Server[] = [];
  const start = async (server: Server) => {
    servers.push(server);
    return listen(server, host);
  };
  try {
    const prometheus = await start(createPrometheusServer(world, { now, storage, rules }));
    const [alertmanager, loki, jaeger, amplitude] = await Promise.all([
      start(createAlertmanagerServer(world, { now, rules, silences: new SilenceStore(now), prometheusUrl: prometheus })),
      start(createLokiServer(world, { now })),
      start(createJaegerServer(world, { now })),
      start(createAmplitudeServer(world, { now })),
    ]);
    return {
      world,
      urls: { prometheus, alertmanager, loki, jaeger, amplitude },
      close: async () => {
        await Promise.all(servers.map(shut));
      },
    };
  } catch (err) {
    await Promise.all(servers.map(shut));
    throw err;
  }
}
