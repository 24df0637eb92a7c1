/**
 * Whether an alert says a reading fell below its usual range (less CPU, fewer disk reads, less memory
 * in use than usual). A component does less when less work reaches it, so such a drop is more often
 * the echo of a fault elsewhere than a fault of its own; a reading above its range (more memory, more
 * CPU) is the component working harder or leaking. A low reading of spare capacity (free memory,
 * available replicas, days to expiry) is the opposite, exhaustion, and does not count as a drop.
 * Less work shows as less of several kinds of resource at once (CPU, memory, disk, network); a drop in one
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

export type ResourceKind = 'cpu' | 'memory' | 'disk' | 'network';

// A token names a kind when it starts with one of its stems (memory, swapped, filesystems) or is one
// of its short words whole ("io" would match "ionic" as a stem, "net" "netty").
const KINDS: { kind: ResourceKind; stems: RegExp }[] = [
  { kind: 'cpu', stems: /^cpu/ },
  { kind: 'memory', stems: /^(memory|swap|oom|heap)|^(mem|rss)$/ },
  { kind: 'disk', stems: /^(disk|filesystem|inode|blkio)|^(io|fs)$/ },
  { kind: 'network', stems: /^(network|bandwidth|packet)|^(net|nic)$/ },
];

/**
 * The kind of resource a reading is of (to tell a drop in one resource from drops in several), from its
 * cause words, else the words of its name: the first that names one. Swap, rss and heap are memory,
 * a filesystem or its inodes disk, CPU throttling CPU. A reading of no known kind (requests per
 * second, a queue) says nothing about kinds and is undefined.
 */
export function resourceOf(alert: Pick<Alert, 'name'>, causeWords: readonly string[]): ResourceKind | undefined {
  for (const token of [...causeWords.flatMap(words), ...words(alert.name)]) {
    const named = KINDS.find(({ stems }) => stems.test(token));
    if (named) return named.kind;
  }
  return undefined;
}
