/**
 * Scenarios: a timeline (onset, ramp to peak, hold, recovery) and what breaks, at full strength, on the
 * component that is the cause. Everything upstream of it degrades through the call graph in model.ts.
 */
import type { ScenarioInfo } from './world.js';

const MIN = 60_000;

/** What a scenario does to one service at full strength (envelope = 1). */
export interface Effect {
  /** multiplier on the service's own latency */
  latency?: number;
  /** added to the log-normal sigma of its own latency */
  sigma?: number;
  /** own 5xx ratio added, per route ('*' for all) */
  errors?: Record<string, number>;
  /** cache hit ratio at full strength */
  hitRatio?: number;
  /** extra memory saturation (cache) */
  memory?: number;
  /** CPU multiplier */
  cpu?: number;
  /** multiplier on the requests that reach the service from outside (an edge losing visitors) */
  traffic?: number;
  /** CPU cores burnt per instance whatever the traffic (compaction, garbage collection) */
  busyCores?: number;
  /** messages added to a queue's depth */
  backlog?: number;
  symptom: string;
}

/** A machine that fails under the instances it runs (see NODES in topology.ts). */
export interface NodeFault {
  node: string;
  /** Every service with instances on it gets this 5xx ratio and latency multiplier, times its share of instances there. */
  errors: number;
  latency: number;
  /** Its pods are killed and restarted this often while the fault holds. */
  restartEveryMs: number;
  symptom: string;
}

export interface ScenarioSpec {
  name: string;
  description: string;
  rootCause: string;
  rampMs: number;
  holdMs: number;
  recoverMs: number;
  effects: Record<string, Effect>;
  /** the cause ships a new version at onset and rolls back when recovery starts */
  badDeploy?: boolean;
  /** an instance that stops answering scrapes from onset+afterMs until recovery */
  downInstance?: { service: string; index: number; afterMs: number };
  /** the day's traffic peaks at the onset's time of day, so the fault lands in the peak whenever the demo runs */
  peakAtOnset?: boolean;
  /** the cause is a machine (rootCause names it): the services on it degrade together */
  nodeFault?: NodeFault;
}

export const SCENARIO_SPECS: ScenarioSpec[] = [
  {
    name: 'payments-db-latency',
    description: 'payments-db slows down (lock contention): payments exhausts its connection pool, checkout times out, frontend checkout fails',
    rootCause: 'payments-db',
    rampMs: 8 * MIN,
    holdMs: 100 * MIN,
    recoverMs: 10 * MIN,
    effects: {
      'payments-db': { latency: 60, sigma: 0.45, cpu: 2.5, symptom: 'slow queries: lock contention on payments table' },
    },
  },
  {
    name: 'checkout-bad-deploy',
    description: 'a new checkout version ships with a bug: 5xx on /checkout right after the version changes, until rollback',
    rootCause: 'checkout',
    rampMs: 1 * MIN,
    holdMs: 75 * MIN,
    recoverMs: 3 * MIN,
    badDeploy: true,
    downInstance: { service: 'checkout', index: 2, afterMs: 3 * MIN },
    effects: {
      checkout: {
        latency: 1.4, sigma: 0.1, cpu: 1.8,
        errors: { '/checkout': 0.35, '/cart': 0.06 },
        symptom: 'NullPointerException in PromoCodeValidator after deploy',
      },
    },
  },
  {
    name: 'cart-cache-saturation',
    description: 'cart-cache runs out of memory and evicts hot keys: hit ratio collapses, cart slows down, checkout and frontend follow',
    rootCause: 'cart-cache',
    rampMs: 12 * MIN,
    holdMs: 90 * MIN,
    recoverMs: 15 * MIN,
    effects: {
      'cart-cache': {
        latency: 6, sigma: 0.5, hitRatio: 0.35, memory: 0.3, cpu: 3,
        errors: { '*': 0.04 },
        symptom: 'maxmemory reached: evicting keys',
      },
    },
  },
  {
    name: 'peak-traffic-loss',
    description: 'in the daily peak a CDN region stops routing to the site: seven in ten visitors never arrive, and request rates fall to a level that is ordinary at other hours, so no fixed threshold notices',
    rootCause: 'frontend',
    rampMs: 5 * MIN,
    holdMs: 90 * MIN,
    recoverMs: 10 * MIN,
    peakAtOnset: true,
    effects: {
      frontend: { traffic: 0.3, symptom: 'a CDN region stopped routing: its visitors never arrive' },
    },
  },
  {
    name: 'calm',
    description: 'nothing is broken: diurnal traffic and background noise only',
    rootCause: '',
    rampMs: 0,
    holdMs: 0,
    recoverMs: 0,
    effects: {},
  },
  {
    name: 'payments-errors-noisy-queue',
    description: 'payments fails 3 in 10 charges (a card-network client bug) and checkout fails with it, while orders-queue, a leaf that often runs hot, compacts its log: high CPU and a backlog, but its answers stay fast and its callers fine',
    rootCause: 'payments',
    rampMs: 2 * MIN,
    holdMs: 90 * MIN,
    recoverMs: 5 * MIN,
    effects: {
      payments: { errors: { '/charge': 0.3 }, symptom: 'card-network client rejects the new token format' },
      'orders-queue': { busyCores: 1.2, backlog: 1500, symptom: 'log compaction running' },
    },
  },
  {
    name: 'node-memory-pressure',
    description: 'node-2 runs out of memory: the kubelet reports MemoryPressure and its pods are OOM-killed and restarted, so every service with an instance there answers slower and with errors at once',
    rootCause: 'node-2',
    rampMs: 3 * MIN,
    holdMs: 90 * MIN,
    recoverMs: 5 * MIN,
    effects: {},
    nodeFault: { node: 'node-2', errors: 0.3, latency: 2, restartEveryMs: 4 * MIN, symptom: 'OOM-killed: node-2 is out of memory' },
  },
];

export const SCENARIO_NAMES = SCENARIO_SPECS.map((s) => s.name);

export function scenarioSpec(name: string): ScenarioSpec {
  const spec = SCENARIO_SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`);
  return spec;
}

export function scenarioInfo(name: string, onsetMs: number): ScenarioInfo {
  const s = scenarioSpec(name);
  const peakMs = onsetMs + s.rampMs;
  const recoveryMs = peakMs + s.holdMs;
  return {
    name: s.name,
    description: s.description,
    rootCause: s.rootCause,
    onsetMs,
    peakMs,
    recoveryMs,
    endMs: recoveryMs + s.recoverMs,
  };
}

function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

/** Strength of the fault at t, 0..1 (before the wobble the model adds at peak). */
export function envelope(info: ScenarioInfo, t: number): number {
  if (info.rootCause === '' || t < info.onsetMs || t >= info.endMs) return 0;
  if (t < info.peakMs) return smoothstep((t - info.onsetMs) / (info.peakMs - info.onsetMs));
  if (t < info.recoveryMs) return 1;
  return 1 - smoothstep((t - info.recoveryMs) / (info.endMs - info.recoveryMs));
}

export function phaseAt(info: ScenarioInfo, t: number): 'onset' | 'peak' | 'recovery' | undefined {
  if (info.rootCause === '' || t < info.onsetMs || t >= info.endMs) return undefined;
  if (t < info.peakMs) return 'onset';
  if (t < info.recoveryMs) return 'peak';
  return 'recovery';
}
