/**
 * Whether an alert says a reading fell below its usual range (less CPU, fewer disk reads, less memory
 * in use than usual). A component does less when less work reaches it, so such a drop is more often
 * the echo of a fault elsewhere than a fault of its own; a reading above its range (more memory, more
 * CPU) is the component working harder or leaking. A low reading of spare capacity (free memory,
 * available replicas, days to expiry) is the opposite, exhaustion, and does not count as a drop.
 * Less work shows as less of everything at once (CPU, memory and disk together); a drop in one
 * resource alone (memory freed, a cache flushed) says something about that resource.
 */
import { words } from './classify.js';
import type { Alert } from './model.js';

const DIRECTION_LABELS = ['direction', 'trend'];
const BELOW = new Set(['down', 'below', 'low', 'lower', 'decrease', 'decreasing', 'decreased']);
const ABOVE = new Set(['up', 'above', 'high', 'higher', 'increase', 'increasing', 'increased']);
/** Name words (stems) that make the last word say how much is LEFT: a low value is exhaustion. */
const SPARE_CAPACITY = /^(free|avail|remain|headroom|spare|space|idle|expir|replica|ready|healthy|budget|quota)/;
const LOW_NAME_ENDINGS = new Set(['low', 'lower', 'below', 'decrease', 'decreased', 'decreasing']);

export function fellBelowUsual(alert: Pick<Alert, 'name' | 'labels'>): boolean {
  for (const label of DIRECTION_LABELS) {
    const value = alert.labels[label]?.trim().toLowerCase();
    if (value !== undefined && (BELOW.has(value) || ABOVE.has(value))) return BELOW.has(value) && !spareCapacity(words(alert.name));
  }
  const tokens = words(alert.name);
  return tokens.length > 1 && LOW_NAME_ENDINGS.has(tokens[tokens.length - 1]!) && !spareCapacity(tokens);
}

const spareCapacity = (tokens: string[]) => tokens.some((t) => SPARE_CAPACITY.test(t));

/** What a reading is of, to tell a drop in one resource from drops in several: its cause words (cpu, memory, disk…), else its rule. */
export function resourceOf(alert: Pick<Alert, 'name'>, causeWords: readonly string[]): string {
  return causeWords.length > 0 ? [...causeWords].sort().join('+') : alert.name;
}
