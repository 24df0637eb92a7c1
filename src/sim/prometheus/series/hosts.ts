/**
 * The machines under the services, as node_exporter reports them: one node per service instance
 * (`<instance>:9100`, job "node") with its root filesystem and memory, and a data volume on each
 * datastore (database, cache, queue). Everything is calm (steady use with slow wander) except one
 * slow leak, in every scenario but calm: the queue broker's data volume has stopped deleting old
 * segments and fills at a steady pace, so that it is full four days after the scenario's onset.
 */
import type { Model } from '../../world/model.js';
import { hash01, hash32, smoothNoise } from '../../world/random.js';
import { instanceNames } from '../../world/topology.js';
import type { Labels } from '../../promql/labels.js';

export interface HostSeries {
  labels: Labels;
  /** value at a scrape instant (unix ms) */
  value(t: number): number;
}

const DAY_MS = 86_400_000;
const GIB = 2 ** 30;
const ROOT_BYTES = 50 * GIB;
const DATA_BYTES = 200 * GIB;
const MEMORY_BYTES = 16 * GIB;
/** The leak: it starts this long before the onset and fills the volume this long after it. */
const LEAK_STARTS_BEFORE_ONSET_MS = 10 * DAY_MS;
const LEAK_FULL_AFTER_ONSET_MS = 4 * DAY_MS;
/** Filesystems hold whole 4 KiB blocks. */
const BLOCK = 4096;

const DATASTORES = new Set(['database', 'cache', 'queue']);

export function hostSeries(model: Model): HostSeries[] {
  const out: HostSeries[] = [];
  const seed = model.seed;
  const leaking = model.scenario.rootCause !== '';
  for (const spec of model.specs) {
    instanceNames(spec).forEach((name) => {
      const node = { job: 'node', instance: `${name}:9100` };
      const wander = (what: string, periodMs: number) => {
        const key = hash32(seed, 'host', what, name);
        return (t: number) => smoothNoise(key, t / periodMs);
      };
      out.push(...filesystem(node, '/', '/dev/sda1', ROOT_BYTES, steady(0.2 + 0.3 * hash01(seed, 'root', name), 0.01, wander('root', DAY_MS))));
      const memoryUse = steady(0.3 + 0.3 * hash01(seed, 'memory', name), 0.04, wander('memory', 6 * 3_600_000));
      out.push(
        { labels: { __name__: 'node_memory_MemTotal_bytes', ...node }, value: () => MEMORY_BYTES },
        { labels: { __name__: 'node_memory_MemAvailable_bytes', ...node }, value: (t) => Math.round(MEMORY_BYTES * (1 - memoryUse(t))) },
      );
      if (DATASTORES.has(spec.kind)) {
        const calm = steady(0.3 + 0.2 * hash01(seed, 'data', name), 0.005, wander('data', DAY_MS));
        const use = leaking && spec.kind === 'queue' ? leak(calm, model.scenario.onsetMs) : calm;
        out.push(...filesystem(node, `/var/lib/${spec.name}`, '/dev/sdb1', DATA_BYTES, use));
      }
    });
  }
  return out;
}

/** A share in use around `base`, wandering by up to ±`amplitude`. */
function steady(base: number, amplitude: number, wander: (t: number) => number): (t: number) => number {
  return (t) => base + amplitude * wander(t);
}

/**
 * From its start, the share grows along a straight line from where it was to full at the set time,
 * keeping the calm share's wander around that line.
 */
function leak(calm: (t: number) => number, onsetMs: number): (t: number) => number {
  const start = onsetMs - LEAK_STARTS_BEFORE_ONSET_MS;
  const full = onsetMs + LEAK_FULL_AFTER_ONSET_MS;
  const from = calm(start);
  return (t) => {
    if (t <= start) return calm(t);
    return Math.min(1, calm(t) + ((1 - from) * (t - start)) / (full - start));
  };
}

function filesystem(node: Labels, mountpoint: string, device: string, size: number, use: (t: number) => number): HostSeries[] {
  const labels = { ...node, device, fstype: 'ext4', mountpoint };
  return [
    { labels: { __name__: 'node_filesystem_size_bytes', ...labels }, value: () => size },
    { labels: { __name__: 'node_filesystem_avail_bytes', ...labels }, value: (t) => Math.floor((size * (1 - use(t))) / BLOCK) * BLOCK },
  ];
}
