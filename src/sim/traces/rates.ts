/**
 * What the trace generator needs from the model at one instant: per route, traffic, error ratios (own and total),
 * the latency distribution, and per call the chance an attempt fails before reaching the child.
 * This is the only file that reads the model's snapshots; everything else works from these numbers.
 */
import { modelOf, type Model, type ServiceSnap } from '../world/model.js';
import { latencyCdf, type LatencyDist } from '../world/stats.js';
import type { CallInfo, ServiceKind, World } from '../world/world.js';

export interface RouteRates {
  rps: number;
  /** share of requests answered 5xx, whatever the cause */
  err: number;
  /** share answered 5xx by the service's own fault */
  ownErr: number;
  dist: LatencyDist;
}

export interface CallPlan extends CallInfo {
  childKind: ServiceKind;
  /** chance that one attempt fails before it reaches the child (its connection pool is exhausted) */
  poolFailure: number;
}

export interface ServiceMoment {
  kind: ServiceKind;
  version: string;
  /** names of the instances that serve requests */
  pods: string[];
  hitRatio: number;
  routes: Map<string, RouteRates>;
}

/** The model is read on this grid: its state moves over minutes, and each distinct instant costs a snapshot. */
export const RATE_GRID_MS = 60_000;
/** Instants kept prepared: a bucket's traces all read the same instant, nearby buckets are read together. */
const CACHED_INSTANTS = 64;

function onGrid(tMs: number): number {
  return Math.floor(tMs / RATE_GRID_MS) * RATE_GRID_MS;
}

export class Rates {
  private readonly model: Model;
  private readonly pods: Map<string, string[]>;
  private readonly instants = new Map<number, { moments: Map<string, ServiceMoment>; plans: Map<string, Map<string, CallPlan[]>> }>();

  constructor(readonly world: World) {
    this.model = modelOf(world);
    this.pods = new Map(world.services.map((s) => [s.name, s.instanceNames]));
  }

  private snap(service: string, tMs: number): ServiceSnap {
    const s = this.model.snapshot(tMs).services.get(service);
    if (!s) throw new Error(`unknown service "${service}"`);
    return s;
  }

  private instant(tMs: number) {
    let instant = this.instants.get(tMs);
    if (!instant) {
      if (this.instants.size >= CACHED_INSTANTS) this.instants.delete(this.instants.keys().next().value!);
      this.instants.set(tMs, (instant = { moments: new Map(), plans: new Map() }));
    }
    return instant;
  }

  /** The service at the grid instant at or before tMs. */
  at(service: string, tMs: number): ServiceMoment {
    const t = onGrid(tMs);
    const moments = this.instant(t).moments;
    let moment = moments.get(service);
    if (!moment) moments.set(service, (moment = this.momentOf(service, t)));
    return moment;
  }

  private momentOf(service: string, tMs: number): ServiceMoment {
    const s = this.snap(service, tMs);
    const all = this.pods.get(service)!;
    return {
      kind: s.spec.kind,
      version: s.restart.version,
      pods: s.downIndex >= 0 ? all.filter((_, i) => i !== s.downIndex) : all,
      hitRatio: s.hitRatio,
      routes: new Map(s.routes.map((r) => [r.route, { rps: r.rps, err: r.err, ownErr: r.ownErr, dist: r.dist }])),
    };
  }

  /**
   * The calls a route makes. The model folds connection-pool exhaustion into the route's error ratio; it is
   * recovered here as what the route's errors leave unexplained by its own faults and its calls' failures.
   */
  calls(service: string, route: string, tMs: number): CallPlan[] {
    const t = onGrid(tMs);
    const byService = this.instant(t).plans;
    let byRoute = byService.get(service);
    if (!byRoute) byService.set(service, (byRoute = new Map()));
    let plans = byRoute.get(route);
    if (!plans) byRoute.set(route, (plans = this.plansOf(service, route, t)));
    return plans;
  }

  private plansOf(service: string, route: string, tMs: number): CallPlan[] {
    const s = this.snap(service, tMs);
    const r = s.routes.find((x) => x.route === route);
    if (!r) throw new Error(`unknown route "${route}" of ${service}`);
    const spec = s.spec.routes.find((x) => x.route === route)!;
    let explained = 1 - r.ownErr;
    let dbCalls = 0;
    const plans: CallPlan[] = spec.calls.map((c) => {
      const child = this.snap(c.child, tMs);
      const cr = child.routes.find((x) => x.route === c.childRoute)!;
      const timedOut = c.timeoutMs > 0 ? 1 - latencyCdf(cr.dist, c.timeoutMs) : 0;
      explained *= ((1 - cr.err) * (1 - timedOut)) ** c.count;
      if (child.spec.kind === 'database') dbCalls += c.count;
      return { ...c, childKind: child.spec.kind, poolFailure: 0 };
    });
    const residual = explained > 0 ? (1 - r.err) / explained : 1;
    if (dbCalls > 0 && residual < 1 - 1e-9) {
      const pool = 1 - Math.max(0, residual) ** (1 / dbCalls);
      for (const p of plans) if (p.childKind === 'database') p.poolFailure = pool;
    }
    return plans;
  }

  /** Strength of the scenario's fault at t, 0..1. */
  strength(tMs: number): number {
    return this.model.snapshot(onGrid(tMs)).strength;
  }

  /** What the scenario's root cause reports when it fails, if `service` is the cause and broken at t. */
  symptom(service: string, tMs: number): string | undefined {
    if (this.world.scenario.rootCause !== service) return undefined;
    const incident = this.world.stateAt(service, onGrid(tMs)).incident;
    return incident?.cause ? incident.symptom : undefined;
  }
}
