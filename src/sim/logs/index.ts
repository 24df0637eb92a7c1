import { tracesOf, type Clock } from '../traces/index.js';
import type { World } from '../world/world.js';
import { WorldLogs } from './store.js';

export { WorldLogs, NAMESPACE, type LogLine } from './store.js';
export type { Level } from './styles.js';

const stores = new WeakMap<World, Map<Clock, WorldLogs>>();

/** The logs of a world for a clock; they share the world's trace store, so lines carry its trace IDs. */
export function logsOf(world: World, now: Clock = Date.now): WorldLogs {
  let byClock = stores.get(world);
  if (!byClock) stores.set(world, (byClock = new Map()));
  let logs = byClock.get(now);
  if (!logs) byClock.set(now, (logs = new WorldLogs(tracesOf(world, now), { now })));
  return logs;
}
