/**
 * Product events of the demo world: sessions arrive with the edge traffic, each a few page views, maybe an
 * add-to-cart, a checkout start and completion. An action that needs the backend succeeds only as often as the
 * matching frontend route does at that moment, so an incident shows up as fewer add_to_cart or
 * checkout_completed events. Events are made per hour when asked for and kept in compact columns.
 */
import { hash32, hashInts01 } from '../world/random.js';
import type { World } from '../world/world.js';
import { Rates } from '../traces/rates.js';
import { UserBase, type User } from './users.js';

export const EVENT_TYPES = ['page_view', 'add_to_cart', 'checkout_started', 'checkout_completed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const RATE_GRID_MS = 300_000;
/** sessions on an average day */
export const SESSIONS_PER_DAY = 10_000;
/** a session's events all happen within this long after it starts */
const MAX_SESSION_MS = 10 * MINUTE_MS;
const CACHED_HOURS = 24 * 32;

/** Which frontend route must answer for the action to happen. */
const ROUTE_OF: Record<EventType, string | undefined> = {
  page_view: '/product',
  add_to_cart: '/cart',
  checkout_started: undefined,
  checkout_completed: '/checkout',
};

export interface ProductEvent {
  type: EventType;
  tsMs: number;
  user: User;
  sessionId: number;
  /** per-event random key: event properties and IDs derive from it */
  key: number;
}

/** One hour of events, by column, ordered by time. */
export interface HourColumns {
  type: Uint8Array;
  tsMs: Float64Array;
  user: Int32Array;
  session: Float64Array;
  key: Uint32Array;
}

export interface ProductEventsOptions {
  now?: () => number;
  retentionMs?: number;
}

export class ProductEvents {
  readonly users: UserBase;
  private readonly rates: Rates;
  private readonly entry: string;
  private readonly meanEdgeRps: number;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly hours = new Map<number, HourColumns>();

  constructor(
    readonly world: World,
    options: ProductEventsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? 30 * DAY_MS;
    this.rates = new Rates(world);
    this.entry = world.services.find((s) => s.kind === 'edge')!.name;
    const day = Math.floor(world.scenario.onsetMs / DAY_MS);
    this.users = new UserBase(world.seed, day);
    let sum = 0;
    for (let h = 0; h < 24; h++) sum += this.edgeRps((day - 7) * DAY_MS + h * HOUR_MS);
    this.meanEdgeRps = sum / 24;
  }

  private edgeRps(tMs: number): number {
    let rps = 0;
    for (const r of this.rates.at(this.entry, tMs).routes.values()) rps += r.rps;
    return rps;
  }

  /** [start, end) in unix ms of the events that can be served now. */
  window(): { startMs: number; endMs: number } {
    const now = this.now();
    return { startMs: now - this.retentionMs, endMs: now + 1 };
  }

  /** Every event in [startMs, endMs) that exists now, oldest first. */
  *between(startMs: number, endMs: number): Generator<ProductEvent> {
    const w = this.window();
    const from = Math.max(startMs, w.startMs);
    const to = Math.min(endMs, w.endMs);
    for (let h = Math.floor(from / HOUR_MS); h * HOUR_MS < to; h++) {
      const c = this.hour(h);
      for (let i = 0; i < c.tsMs.length; i++) {
        const ts = c.tsMs[i];
        if (ts < from || ts >= to) continue;
        yield { type: EVENT_TYPES[c.type[i]], tsMs: ts, user: this.users.user(c.user[i]), sessionId: c.session[i], key: c.key[i] };
      }
    }
  }

  /** All events of hour `h` (unix hours), generated from the sessions that can reach into it. */
  hour(h: number): HourColumns {
    const hit = this.hours.get(h);
    if (hit) return hit;
    const start = h * HOUR_MS;
    const end = start + HOUR_MS;
    const rows: { type: number; tsMs: number; user: number; session: number; key: number }[] = [];
    for (let m = Math.floor((start - MAX_SESSION_MS) / MINUTE_MS); m * MINUTE_MS < end; m++) {
      this.sessionsOfMinute(m, (type, tsMs, user, session, key) => {
        if (tsMs >= start && tsMs < end) rows.push({ type, tsMs, user, session, key });
      });
    }
    rows.sort((a, b) => a.tsMs - b.tsMs || a.key - b.key);
    const columns: HourColumns = {
      type: Uint8Array.from(rows, (r) => r.type),
      tsMs: Float64Array.from(rows, (r) => r.tsMs),
      user: Int32Array.from(rows, (r) => r.user),
      session: Float64Array.from(rows, (r) => r.session),
      key: Uint32Array.from(rows, (r) => r.key),
    };
    if (this.hours.size >= CACHED_HOURS) this.hours.delete(this.hours.keys().next().value!);
    this.hours.set(h, columns);
    return columns;
  }

  private sessionsOfMinute(minute: number, emit: (type: number, tsMs: number, user: number, session: number, key: number) => void): void {
    const t0 = minute * MINUTE_MS;
    const grid = Math.floor(t0 / RATE_GRID_MS) * RATE_GRID_MS;
    const routes = this.rates.at(this.entry, grid).routes;
    const expected = (SESSIONS_PER_DAY / 1440) * (this.edgeRps(grid) / this.meanEdgeRps);
    const seedKey = hash32(this.world.seed, 'sessions');
    const count = Math.floor(expected + hashInts01(seedKey, minute, -1));
    const day = Math.floor(t0 / DAY_MS);
    for (let s = 0; s < count; s++) {
      const key = hash32(seedKey, minute, s);
      let n = 0;
      const u = () => hashInts01(key, n++);
      const sessionStart = t0 + Math.floor(u() * MINUTE_MS);
      const user = this.users.pick(u(), s, day).index;
      let t = sessionStart;
      let events = 0;
      const happen = (type: number, gapMs: number): boolean => {
        t += Math.floor(gapMs);
        if (t - sessionStart >= MAX_SESSION_MS) return false;
        const route = ROUTE_OF[EVENT_TYPES[type]];
        if (route && u() < (routes.get(route)?.err ?? 0)) return false;
        emit(type, t, user, sessionStart, hash32(key, events++));
        return true;
      };
      const views = 1 + Math.floor(u() * u() * 6);
      for (let v = 0; v < views; v++) happen(0, v === 0 ? 0 : 5_000 + u() * 40_000);
      if (u() < 0.3 && happen(1, 3_000 + u() * 20_000) && u() < 0.45 && happen(2, 5_000 + u() * 30_000)) {
        happen(3, 2_000 + u() * 8_000);
      }
    }
  }
}
