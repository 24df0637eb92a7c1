import type { World } from '../world/world.js';
import { TraceStore } from './store.js';

export { TraceStore, RETENTION_MS, SEARCH_BUDGET, type TraceSearch, type Operation, type Dependency } from './store.js';
export { TraceGenerator, TRACES_PER_ROUTE_PER_SECOND, EDGE_TIMEOUT_MS } from './generate.js';
export { BUCKET_MS, decodeTraceId } from './ids.js';
export { failureMessage, type SimSpan, type SimTrace, type SpanKind, type Failure } from './span.js';

export type Clock = () => number;

const stores = new WeakMap<World, Map<Clock, TraceStore>>();

/** The trace store of a world for a clock (one per pair, so servers of the same world share its cache). */
export function tracesOf(world: World, now: Clock = Date.now): TraceStore {
  let byClock = stores.get(world);
  if (!byClock) stores.set(world, (byClock = new Map()));
  let store = byClock.get(now);
  if (!store) byClock.set(now, (store = new TraceStore(world, { now })));
  return store;
}
