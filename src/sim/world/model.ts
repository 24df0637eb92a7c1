/**
 * The model behind World: traffic enters at the edge and flows down the call graph (rates are linear in the
 * edge traffic); latency and errors flow back up (a route's latency is its own plus its calls', capped by
 * each call's timeout; the calls that time out or fail become the route's 5xx).
 */
import { DAY_MS, DeploySchedule, type DeployEvent } from './deploys.js';
import { hash32, smoothNoise } from './random.js';
import { envelope, phaseAt, scenarioSpec, type Effect, type ScenarioSpec } from './scenarios.js';
import { latencyCdf, latencyQuantile, mixtureQuantile, type LatencyDist, Z95, Z99 } from './stats.js';
import { CACHE_HIT_RATIO, DB_CONNECTIONS_MAX, SERVICE_SPECS, instanceNames, nodeOf, type ServiceSpec } from './topology.js';
import type { IncidentState, RouteState, ScenarioInfo, ServiceInfo, ServiceState, World } from './world.js';

const MIN = 60_000;
const BASE_SIGMA = 0.35;
/** baseline share of requests answered 5xx by services, and by infrastructure (databases, caches, queues) */
const BASE_ERROR_RATIO = 0.0002;
const INFRA_BASE_ERROR_RATIO = 0.00002;
/** baseline share answered 404 */
export const NOT_FOUND_RATIO = 0.004;
/** what a cache miss costs the caller, ms */
const MISS_PENALTY_MS = 45;
/** connections a payments transaction holds per ms of query latency, relative (Little's law with a hold factor) */
const DB_HOLD_FACTOR = 18;

export interface RouteSnap {
  route: string;
  rps: number;
  /** 5xx ratio; `ownErr` of it is the service's own fault (500), the rest comes from calls (503) */
  err: number;
  ownErr: number;
  dist: LatencyDist;
  symptom: string;
  symptomScore: number;
}

export interface ServiceSnap {
  spec: ServiceSpec;
  rps: number;
  err: number;
  routes: RouteSnap[];
  cpu: number;
  cpuMul: number;
  memoryBytes: number;
  saturation: number;
  instancesUp: number;
  /** index of the instance that does not answer, -1 if none */
  downIndex: number;
  restart: DeployEvent;
  hitRatio: number;
  queueDepth: number;
  connectionsInUse: number;
}

export interface Snapshot {
  t: number;
  /** fault strength 0..1 */
  strength: number;
  services: Map<string, ServiceSnap>;
}

function postOrder(): ServiceSpec[] {
  const seen = new Set<string>();
  const out: ServiceSpec[] = [];
  const visit = (s: ServiceSpec) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const r of s.routes) for (const c of r.calls) visit(SERVICE_SPECS.find((x) => x.name === c.child)!);
    out.push(s);
  };
  for (const s of SERVICE_SPECS) visit(s);
  return out;
}

/** rps of each (service, route) per 1 rps of external traffic at the edge */
function routeMultipliers(): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  for (const s of SERVICE_SPECS) m.set(s.name, new Map(s.routes.map((r) => [r.route, 0])));
  const order = postOrder().reverse();
  for (const s of order) {
    if (s.externalRps > 0) for (const r of s.routes) m.get(s.name)!.set(r.route, m.get(s.name)!.get(r.route)! + (s.externalRps / 120) * r.share);
    for (const r of s.routes) {
      const own = m.get(s.name)!.get(r.route)!;
      for (const c of r.calls) {
        const cm = m.get(c.child)!;
        cm.set(c.childRoute, cm.get(c.childRoute)! + own * c.count);
      }
    }
  }
  return m;
}

/** The scenario's effects, with a node fault's share on each service that has instances on the node. */
function effectsOf(spec: ScenarioSpec): Record<string, Effect> {
  const fault = spec.nodeFault;
  if (!fault) return spec.effects;
  const effects = { ...spec.effects };
  for (const service of SERVICE_SPECS) {
    const names = instanceNames(service);
    const share = names.filter((n) => nodeOf(n) === fault.node).length / names.length;
    if (share > 0) effects[service.name] = { latency: 1 + (fault.latency - 1) * share, errors: { '*': fault.errors * share }, symptom: fault.symptom };
  }
  return effects;
}

export class Model {
  readonly specs = SERVICE_SPECS;
  readonly order = postOrder();
  readonly multipliers = routeMultipliers();
  readonly deploys: DeploySchedule;
  readonly world: World;
  private readonly effects: Record<string, Effect>;
  private readonly downInstance?: { service: string; index: number; afterMs: number };
  /** Hours added to the clock for the daily traffic curve (its peak is at 17:00). */
  private readonly peakShiftHours: number;
  /** Share of outside traffic still arriving at full strength of the fault. */
  private readonly arriving: number;
  /** noise stream keys by name, then service */
  private readonly keys: Record<string, Record<string, number>> = {};
  private readonly memo = new Map<number, Snapshot>();
  private readonly stateMemo = new Map<string, ServiceState>();
  private baseline?: Snapshot;

  constructor(
    readonly seed: number,
    readonly scenario: ScenarioInfo,
  ) {
    const spec = scenarioSpec(scenario.name);
    this.effects = effectsOf(spec);
    this.downInstance = spec.downInstance;
    this.peakShiftHours = spec.peakAtOnset ? 17 - (((scenario.onsetMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000 : 0;
    this.arriving = Object.values(spec.effects).reduce((share, e) => share * (e.traffic ?? 1), 1);
    this.deploys = new DeploySchedule(seed, scenario);
    this.baseline = this.compute(0, false);
    this.world = this.buildWorld();
  }

  private noise(name: string, service: string, t: number, periodMs: number): number {
    const byService = (this.keys[name] ??= {});
    return smoothNoise((byService[service] ??= hash32(this.seed, name, service)), t / periodMs);
  }

  /** external requests per second at the edge (frontend), before route shares */
  edgeRps(t: number, noise = true): number {
    const hour = ((((t % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000 + this.peakShiftHours + 24) % 24;
    const diurnal = 0.62 + 0.38 * Math.cos((2 * Math.PI * (hour - 17)) / 24) + 0.05 * Math.cos((4 * Math.PI * (hour - 12)) / 24);
    const dow = (Math.floor(t / DAY_MS) + 4) % 7; // 0 = Sunday
    const weekly = dow === 0 || dow === 6 ? 0.82 : 1;
    const wiggle = noise ? 1 + 0.07 * this.noise('traffic', '', t, 5 * MIN) + 0.08 * this.noise('traffic-slow', '', t, 60 * MIN) : 1;
    return 120 * diurnal * weekly * wiggle;
  }

  snapshot(t: number): Snapshot {
    const hit = this.memo.get(t);
    if (hit) return hit;
    const snap = this.compute(t, true);
    if (this.memo.size >= 4096) this.memo.clear();
    this.memo.set(t, snap);
    return snap;
  }

  private compute(t: number, live: boolean): Snapshot {
    const phase = live ? phaseAt(this.scenario, t) : undefined;
    const wobble = phase === 'peak' ? 0.9 + 0.1 * this.noise('wobble', '', t, 2 * MIN) : 1;
    const strength = live ? envelope(this.scenario, t) * wobble : 0;
    const edge = this.edgeRps(t, live) * (1 - (1 - this.arriving) * strength);
    const services = new Map<string, ServiceSnap>();
    for (const spec of this.order) services.set(spec.name, this.computeService(spec, t, strength, edge, services, live));
    return { t, strength, services };
  }

  private computeService(
    spec: ServiceSpec,
    t: number,
    strength: number,
    edge: number,
    done: Map<string, ServiceSnap>,
    live: boolean,
  ): ServiceSnap {
    const eff = this.effects[spec.name];
    const e = eff ? strength : 0;
    const n = (name: string, period: number) => (live ? this.noise(name, spec.name, t, period) : 0);
    const latMul = (1 + ((eff?.latency ?? 1) - 1) * e) * (1 + 0.04 * n('latency', 10 * MIN));
    const sigmaOwn = BASE_SIGMA + (eff?.sigma ?? 0) * e;
    const mult = this.multipliers.get(spec.name)!;
    const baseErrors = spec.kind === 'database' || spec.kind === 'cache' || spec.kind === 'queue' ? INFRA_BASE_ERROR_RATIO : BASE_ERROR_RATIO;
    const routes: RouteSnap[] = spec.routes.map((r) => {
      let p50 = r.ownLatencyMs * latMul;
      let p99 = latencyQuantile({ p50, sigma: sigmaOwn }, Z99);
      const ownErr = baseErrors + (eff?.errors?.[r.route] ?? eff?.errors?.['*'] ?? 0) * e;
      let ok = 1 - ownErr;
      let symptom = '';
      let symptomScore = 0;
      const consider = (score: number, text: string) => {
        if (score > symptomScore) [symptomScore, symptom] = [score, text];
      };
      for (const c of r.calls) {
        const child = done.get(c.child)!;
        const cr = child.routes.find((x) => x.route === c.childRoute)!;
        let cp50 = cr.dist.p50;
        let cp99 = latencyQuantile(cr.dist, Z99);
        let timedOut = 0;
        if (c.timeoutMs > 0) {
          timedOut = 1 - latencyCdf(cr.dist, c.timeoutMs);
          cp50 = Math.min(cp50, c.timeoutMs);
          cp99 = Math.min(cp99, c.timeoutMs);
        }
        if (child.spec.kind === 'cache') {
          const miss = 1 - child.hitRatio;
          p50 += c.count * miss * MISS_PENALTY_MS;
          p99 += c.count * miss * MISS_PENALTY_MS * 3;
        }
        const pool = child.spec.kind === 'database' && child.saturation > 0.85 ? (0.08 * (child.saturation - 0.85)) / 0.15 : 0;
        const fail = 1 - (1 - cr.err) * (1 - timedOut) * (1 - pool);
        ok *= (1 - fail) ** c.count;
        p50 += c.count * cp50;
        p99 += c.count * cp99;
        consider(timedOut, `timeout talking to ${c.child}`);
        consider(pool, `timeout acquiring connection from pool (${c.child})`);
        consider(cr.err - 2 * BASE_ERROR_RATIO, `upstream ${c.child} answered 5xx`);
        const base = this.baseline?.services.get(c.child)?.routes.find((x) => x.route === c.childRoute)?.dist.p50 ?? cp50;
        consider((cp50 / base - 1) / 100, `slow responses from ${c.child}`);
      }
      const err = 1 - ok;
      return {
        route: r.route,
        rps: edge * mult.get(r.route)!,
        err,
        ownErr: Math.min(err, ownErr),
        dist: { p50, sigma: Math.max(0.2, Math.log(p99 / p50) / Z99) },
        symptom,
        symptomScore,
      };
    });
    let rps = 0;
    let errs = 0;
    for (const r of routes) {
      rps += r.rps;
      errs += r.rps * r.err;
    }
    const down = this.downInstance;
    const isDown =
      live && down?.service === spec.name && t >= this.scenario.onsetMs + down.afterMs && t < this.scenario.recoveryMs;
    const instancesUp = spec.instances - (isDown ? 1 : 0);
    const cpuMul = 1 + ((eff?.cpu ?? 1) - 1) * e;
    const cpu = instancesUp * (spec.cpuIdleCores + (eff?.busyCores ?? 0) * e) + rps * spec.cpuPerRequest * cpuMul * (1 + 0.05 * n('cpu', 7 * MIN));
    const restart = this.deploys.lastBefore(spec, t);
    const hours = Math.max(0, t - restart.atMs) / 3_600_000;
    let memoryBytes = instancesUp * spec.memoryBaseBytes * (1 + 0.03 * n('memory', 13 * MIN) + Math.min(0.3, 0.012 * hours));
    let saturation = Math.min(1, cpu / Math.max(1, instancesUp));
    let hitRatio = 0;
    let queueDepth = 0;
    let connectionsInUse = 0;
    if (spec.kind === 'cache') {
      hitRatio = (CACHE_HIT_RATIO + 0.012 * n('hits', 6 * MIN)) * (1 - e) + (eff?.hitRatio ?? CACHE_HIT_RATIO) * e;
      saturation = Math.min(1, 0.7 + 0.03 * n('mem-util', 11 * MIN) + (eff?.memory ?? 0) * e);
      memoryBytes = spec.memoryBaseBytes * saturation;
    } else if (spec.kind === 'database') {
      const held = 5 + rps * (routes[0].dist.p50 / 1000) * DB_HOLD_FACTOR * (1 + 0.08 * n('conns', 3 * MIN));
      connectionsInUse = Math.min(DB_CONNECTIONS_MAX, Math.round(held));
      saturation = connectionsInUse / DB_CONNECTIONS_MAX;
    } else if (spec.kind === 'queue') {
      queueDepth = Math.max(0, Math.round(14 + 11 * n('depth', 3 * MIN) + (eff?.backlog ?? 0) * e));
      saturation = Math.min(1, queueDepth / 2000);
    }
    return {
      spec, rps, err: rps > 0 ? errs / rps : 0, routes, cpu, cpuMul, memoryBytes, saturation, instancesUp,
      downIndex: isDown ? down!.index : -1, restart, hitRatio, queueDepth, connectionsInUse,
    };
  }

  private serviceP50(s: ServiceSnap): number {
    return mixtureQuantile(s.routes.map((r) => r.dist), s.routes.map((r) => r.rps), 0.5);
  }

  stateAt(service: string, t: number): ServiceState {
    const memoKey = `${service}@${t}`;
    const hit = this.stateMemo.get(memoKey);
    if (hit) return hit;
    const s = this.snapshot(t).services.get(service);
    if (!s) throw new Error(`unknown service "${service}"`);
    const dists = s.routes.map((r) => r.dist);
    const weights = s.routes.map((r) => r.rps);
    const p50 = mixtureQuantile(dists, weights, 0.5);
    const routes: Record<string, RouteState> = {};
    for (const r of s.routes) {
      routes[r.route] = {
        rps: r.rps,
        errorRatio: r.err,
        latencyMs: { p50: r.dist.p50, p95: latencyQuantile(r.dist, Z95), p99: latencyQuantile(r.dist, Z99) },
        latencySigma: r.dist.sigma,
      };
    }
    const latencyScale = p50 / this.serviceP50(this.baseline!.services.get(service)!);
    const state: ServiceState = {
      rps: s.rps,
      errorRatio: s.err,
      latencyScale,
      latencyMs: { p50, p95: mixtureQuantile(dists, weights, 0.95), p99: mixtureQuantile(dists, weights, 0.99) },
      version: s.restart.version,
      up: s.instancesUp > 0,
      cpu: s.cpu,
      memoryBytes: s.memoryBytes,
      saturation: s.saturation,
      routes,
      instancesUp: s.instancesUp,
      startedAtMs: s.restart.atMs,
    };
    if (s.spec.kind === 'cache') state.hitRatio = s.hitRatio;
    if (s.spec.kind === 'queue') state.queueDepth = s.queueDepth;
    if (s.spec.kind === 'database') state.connectionsInUse = s.connectionsInUse;
    const incident = this.incidentOf(s, t, latencyScale);
    if (incident) state.incident = incident;
    if (this.stateMemo.size >= 8192) this.stateMemo.clear();
    this.stateMemo.set(memoKey, state);
    return state;
  }

  private incidentOf(s: ServiceSnap, t: number, latencyScale: number): IncidentState | undefined {
    const phase = phaseAt(this.scenario, t);
    if (!phase) return undefined;
    if (s.spec.name === this.scenario.rootCause) {
      return { phase, cause: true, symptom: this.effects[s.spec.name]?.symptom ?? 'degraded' };
    }
    if (s.err < BASE_ERROR_RATIO + 0.01 && latencyScale < 1.3) return undefined;
    const worst = s.routes.reduce((a, b) => (b.symptomScore > a.symptomScore ? b : a));
    if (worst.symptomScore <= 0) return undefined;
    return { phase, cause: false, symptom: worst.symptom };
  }

  private buildWorld(): World {
    const services: ServiceInfo[] = this.specs.map((spec) => {
      const base = this.baseline!.services.get(spec.name)!;
      return {
        name: spec.name,
        kind: spec.kind,
        routes: spec.routes.map((r) => r.route),
        baseRps: base.rps / this.edgeRps(0, false) * 120,
        baseLatencyMs: this.serviceP50(base),
        instances: spec.instances,
        instanceNames: instanceNames(spec),
        calls: spec.routes.map((r) => ({ route: r.route, calls: r.calls.map((c) => ({ ...c })) })),
      };
    });
    const edges: { parent: string; child: string }[] = [];
    for (const spec of this.specs) {
      for (const r of spec.routes) {
        for (const c of r.calls) {
          if (!edges.some((e) => e.parent === spec.name && e.child === c.child)) edges.push({ parent: spec.name, child: c.child });
        }
      }
    }
    return {
      seed: this.seed,
      scenario: this.scenario,
      services,
      edges,
      stateAt: (service, t) => this.stateAt(service, t),
      restartsBetween: (service, from, to) =>
        this.deploys.between(this.specs.find((s) => s.name === service)!, from, to).map((e) => e.atMs),
    };
  }
}

const models = new WeakMap<World, Model>();

export function buildModel(seed: number, scenario: ScenarioInfo): World {
  const model = new Model(seed, scenario);
  models.set(model.world, model);
  return model.world;
}

/** The model behind a world built by createWorld (for the simulator's own series generators). */
export function modelOf(world: World): Model {
  const m = models.get(world);
  if (!m) throw new Error('world was not built by createWorld');
  return m;
}
