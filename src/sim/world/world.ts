/**
 * The demo world's contract: one seeded, deterministic model of a small system. Every signal the simulator
 * serves (metrics, logs, traces, product events) is derived from `stateAt`, so they all tell the same story.
 */
import { buildModel } from './model.js';
import { SCENARIO_NAMES, scenarioInfo } from './scenarios.js';
import type { CallInfo, ServiceKind } from './topology.js';

export type { CallInfo, ServiceKind } from './topology.js';

export interface WorldOptions {
  seed: number;
  scenario: string;
  /** unix ms of the scenario onset */
  onsetMs: number;
}

export interface ServiceInfo {
  name: string;
  kind: ServiceKind;
  routes: string[];
  baseRps: number;
  baseLatencyMs: number;
  instances: number;
  /** instance names, e.g. "checkout-0"; the Prometheus `instance` label is `${name}:8080` */
  instanceNames: string[];
  /** downstream calls, per route of this service */
  calls: { route: string; calls: CallInfo[] }[];
}

export interface RouteState {
  rps: number;
  errorRatio: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** log-normal shape of the route's latency: duration = p50 * exp(latencySigma * z), z ~ N(0,1) */
  latencySigma: number;
}

export interface IncidentState {
  phase: 'onset' | 'peak' | 'recovery';
  /** true on the broken component itself */
  cause: boolean;
  /** e.g. 'timeout talking to payments-db' */
  symptom: string;
}

/** Deterministic, pure function of (seed, scenario, service, t). */
export interface ServiceState {
  /** requests per second arriving at this service at t */
  rps: number;
  /** fraction of requests answered 5xx */
  errorRatio: number;
  /** multiplier on baseline latency (1 = normal) */
  latencyScale: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** deployed version label (changes in checkout-bad-deploy, and at scheduled deploys) */
  version: string;
  up: boolean;
  /** cores, summed over instances */
  cpu: number;
  /** bytes, summed over instances */
  memoryBytes: number;
  /** 0..1: connection pool (database), memory (cache), backlog (queue), CPU (others) */
  saturation: number;
  incident?: IncidentState;
  /** per route of this service */
  routes: Record<string, RouteState>;
  /** instances answering scrapes */
  instancesUp: number;
  /** unix ms of the last (re)start of the service's processes */
  startedAtMs: number;
  /** cache services: fraction of lookups that hit */
  hitRatio?: number;
  /** queue services: messages waiting */
  queueDepth?: number;
  /** database services: connections held by clients */
  connectionsInUse?: number;
}

export interface ScenarioInfo {
  name: string;
  description: string;
  /** the broken component, '' for calm */
  rootCause: string;
  onsetMs: number;
  peakMs: number;
  /** recovery starts here (rollback, fix) */
  recoveryMs: number;
  /** fully recovered */
  endMs: number;
}

export interface World {
  seed: number;
  scenario: ScenarioInfo;
  services: ServiceInfo[];
  edges: { parent: string; child: string }[];
  stateAt(service: string, tMs: number): ServiceState;
  /** unix ms of every (re)start of the service's processes in [fromMs, toMs], ascending */
  restartsBetween(service: string, fromMs: number, toMs: number): number[];
}

export const SCENARIOS: string[] = SCENARIO_NAMES;
export const DEFAULT_SCENARIO = 'payments-db-latency';

export function createWorld(opts: WorldOptions): World {
  const scenario = scenarioInfo(opts.scenario, opts.onsetMs);
  return buildModel(opts.seed, scenario);
}
