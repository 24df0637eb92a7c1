import type { Clock } from '../traces/index.js';
import type { World } from '../world/world.js';
import { ProductEvents } from './events.js';

export { ProductEvents, EVENT_TYPES, SESSIONS_PER_DAY, type EventType, type ProductEvent } from './events.js';
export { exportZip, exportLine, PROJECT_ID } from './export.js';
export { segment, activeUsers, type SegmentationSpec, type PropFilter } from './segmentation.js';
export { eventProperties, userProperties } from './properties.js';

const stores = new WeakMap<World, Map<Clock, ProductEvents>>();

/** The product events of a world for a clock (one per pair, so servers share its cache). */
export function eventsOf(world: World, now: Clock = Date.now): ProductEvents {
  let byClock = stores.get(world);
  if (!byClock) stores.set(world, (byClock = new Map()));
  let events = byClock.get(now);
  if (!events) byClock.set(now, (events = new ProductEvents(world, { now })));
  return events;
}
