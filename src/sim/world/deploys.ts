/**
 * When each service's processes (re)start and which version they run. Application services deploy on most
 * days during working hours (never three days without one); infrastructure restarts weekly. A restart resets
 * the service's counters, which also bounds how far back a counter's value has to be summed.
 */
import { hash01, hash32 } from './random.js';
import { scenarioSpec } from './scenarios.js';
import { type ServiceSpec } from './topology.js';
import type { ScenarioInfo } from './world.js';

export const DAY_MS = 86_400_000;
export const SCRAPE_MS = 15_000;
const HOUR_MS = 3_600_000;
/** restarts are at most this many days apart, so the last one is always found within this window */
const MAX_GAP_DAYS = 8;

const INFRA_VERSIONS: Record<string, string> = {
  database: 'postgres-15.4',
  cache: 'redis-7.2.4',
  queue: 'rabbitmq-3.12.6',
};

export interface DeployEvent {
  atMs: number;
  version: string;
}

function ceilToScrape(t: number): number {
  return Math.ceil(t / SCRAPE_MS) * SCRAPE_MS;
}

function dateLabel(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '.');
}

function hex4(n: number): string {
  return (n >>> 16).toString(16).padStart(4, '0');
}

export class DeploySchedule {
  /** per service: UTC day -> restarts that day */
  private readonly cache = new Map<string, Map<number, DeployEvent[]>>();
  private readonly badDeploy: boolean;

  constructor(
    private readonly seed: number,
    private readonly scenario: ScenarioInfo,
  ) {
    this.badDeploy = scenario.rootCause !== '' && scenarioSpec(scenario.name).badDeploy === true;
  }

  private isApp(spec: ServiceSpec): boolean {
    return !(spec.kind in INFRA_VERSIONS);
  }

  private scheduledOnDay(spec: ServiceSpec, day: number): DeployEvent | undefined {
    const s = this.seed;
    if (this.isApp(spec)) {
      const phase = hash32(s, 'deploy-phase', spec.name) % 3;
      if (!(hash01(s, 'deploy', spec.name, day) < 0.4 || (day + phase) % 3 === 0)) return undefined;
      const at = ceilToScrape(day * DAY_MS + 9 * HOUR_MS + hash01(s, 'deploy-time', spec.name, day) * 8 * HOUR_MS);
      if (spec.name === this.scenario.rootCause && at >= this.scenario.onsetMs - 12 * HOUR_MS && at < this.scenario.endMs + HOUR_MS) {
        return undefined;
      }
      return { atMs: at, version: `v${dateLabel(day)}-${hex4(hash32(s, 'version', spec.name, day))}` };
    }
    const phase = hash32(s, 'restart-phase', spec.name) % 7;
    if ((day + phase) % 7 !== 0) return undefined;
    const at = ceilToScrape(day * DAY_MS + 3 * HOUR_MS + hash01(s, 'restart-time', spec.name, day) * HOUR_MS);
    return { atMs: at, version: INFRA_VERSIONS[spec.kind] };
  }

  private scheduledBefore(spec: ServiceSpec, t: number): DeployEvent {
    for (let day = Math.floor(t / DAY_MS); day > Math.floor(t / DAY_MS) - MAX_GAP_DAYS; day--) {
      const ev = this.scheduledOnDay(spec, day);
      if (ev && ev.atMs <= t) return ev;
    }
    throw new Error(`no deploy of ${spec.name} within ${MAX_GAP_DAYS} days before ${t}`);
  }

  /** Restarts of the service on a UTC day, ascending. */
  eventsOnDay(spec: ServiceSpec, day: number): DeployEvent[] {
    let byDay = this.cache.get(spec.name);
    if (!byDay) {
      byDay = new Map();
      this.cache.set(spec.name, byDay);
    }
    const hit = byDay.get(day);
    if (hit) return hit;
    const events: DeployEvent[] = [];
    const scheduled = this.scheduledOnDay(spec, day);
    if (scheduled) events.push(scheduled);
    if (this.badDeploy && spec.name === this.scenario.rootCause) {
      const onset = ceilToScrape(this.scenario.onsetMs);
      const rollback = ceilToScrape(this.scenario.recoveryMs);
      if (Math.floor(onset / DAY_MS) === day) {
        events.push({ atMs: onset, version: `v${dateLabel(day)}-${hex4(hash32(this.seed, 'bad-version', spec.name))}` });
      }
      if (Math.floor(rollback / DAY_MS) === day) {
        events.push({ atMs: rollback, version: this.scheduledBefore(spec, onset - 1).version });
      }
    }
    events.sort((a, b) => a.atMs - b.atMs);
    if (byDay.size > 2_000) byDay.clear();
    byDay.set(day, events);
    return events;
  }

  /** The last (re)start at or before t. */
  lastBefore(spec: ServiceSpec, t: number): DeployEvent {
    const first = Math.floor(t / DAY_MS);
    for (let day = first; day > first - MAX_GAP_DAYS; day--) {
      const events = this.eventsOnDay(spec, day);
      for (let i = events.length - 1; i >= 0; i--) if (events[i].atMs <= t) return events[i];
    }
    throw new Error(`no restart of ${spec.name} within ${MAX_GAP_DAYS} days before ${t}`);
  }

  /** Restarts in [from, to], ascending. */
  between(spec: ServiceSpec, from: number, to: number): DeployEvent[] {
    const out: DeployEvent[] = [];
    for (let day = Math.floor(from / DAY_MS); day <= Math.floor(to / DAY_MS); day++) {
      for (const ev of this.eventsOnDay(spec, day)) if (ev.atMs >= from && ev.atMs <= to) out.push(ev);
    }
    return out;
  }
}
