/**
 * What can run out, by the names common exporters give it. Each convention is a PromQL expression
 * giving, per resource, the share of it in use (0..1; 1 is exhausted), or for a queue the messages
 * waiting (a backlog has no limit to run into). A kind's conventions are asked together in one range
 * query, joined with `or`, each tagged with an `obs_source` label saying which one answered.
 */
import { EXPORTER_CONVENTIONS } from '../identity/conventions.js';

export type ResourceKind = 'disk' | 'memory' | 'connections' | 'queue';
export const RESOURCE_KINDS: readonly ResourceKind[] = ['disk', 'memory', 'connections', 'queue'];

export interface ResourceConvention {
  kind: ResourceKind;
  /** Which exporter's names these are; becomes the `obs_source` label. */
  source: string;
  /** PromQL: per resource, the share used (0..1), or the backlog of a queue. */
  query: string;
}

/** The label a kind's query adds to say which convention a series came from. */
export const SOURCE_LABEL = 'obs_source';

/** Filesystems that are not disks: memory-backed, virtual, or images mounted read-only. */
const NOT_DISKS = 'fstype!~"tmpfs|ramfs|devtmpfs|squashfs|overlay|nsfs|proc|sysfs|autofs|fuse.lxcfs"';
const CONTAINERS = 'container!="",container!="POD"';
/** The labels that name a workload (as the service identity reads them), and the process. */
const WORKLOAD = (extra: string[]) => [...new Set([...extra, 'instance'])].join(', ');

/** used / limit per resource, ignoring limits of 0 (no limit set). */
function share(used: string, limit: string, by: string): string {
  return `sum by (${by}) (${used}) / (sum by (${by}) (${limit}) > 0)`;
}

/** free / size per resource turned into the share used. */
function usedOfFree(free: string, size: string, by: string): string {
  return `1 - max by (${by}) (${free}) / (max by (${by}) (${size}) > 0)`;
}

const HOST_CONVENTIONS: ResourceConvention[] = [
  {
    kind: 'disk',
    source: 'node_exporter',
    query: usedOfFree(`node_filesystem_avail_bytes{${NOT_DISKS}}`, `node_filesystem_size_bytes{${NOT_DISKS}}`, 'instance, mountpoint'),
  },
  {
    kind: 'disk',
    source: 'kubelet volume',
    query: usedOfFree('kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes', 'namespace, persistentvolumeclaim'),
  },
  {
    kind: 'memory',
    source: 'node_exporter',
    query: usedOfFree('node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'instance'),
  },
  {
    kind: 'memory',
    source: 'cadvisor',
    query: share(`container_memory_working_set_bytes{${CONTAINERS}}`, `container_spec_memory_limit_bytes{${CONTAINERS}}`, 'namespace, pod, container'),
  },
  {
    kind: 'connections',
    source: 'hikaricp',
    query: share('hikaricp_connections_active', 'hikaricp_connections_max', WORKLOAD(['pool', 'service', 'app', 'application', 'job'])),
  },
];

/**
 * The datastore exporters the service identity knows: a used/max pair is memory when it counts
 * bytes (Redis), else connections; a backlog is a queue.
 */
function exporterConventions(): ResourceConvention[] {
  return EXPORTER_CONVENTIONS.flatMap((e): ResourceConvention[] => {
    const by = WORKLOAD(e.serviceLabels);
    const out: ResourceConvention[] = [];
    if (e.saturation) {
      const kind = e.saturation.used.endsWith('_bytes') ? 'memory' : 'connections';
      out.push({ kind, source: e.name, query: share(e.saturation.used, e.saturation.max, by) });
    }
    if (e.backlog) out.push({ kind: 'queue', source: e.name, query: `sum by (${by}) (${e.backlog})` });
    return out;
  });
}

export const RESOURCE_CONVENTIONS: readonly ResourceConvention[] = [...HOST_CONVENTIONS, ...exporterConventions()];

/** The one range query asking every convention of a kind. */
export function kindQuery(kind: ResourceKind, conventions: readonly ResourceConvention[] = RESOURCE_CONVENTIONS): string {
  return conventions
    .filter((c) => c.kind === kind)
    .map((c) => `label_replace(${c.query}, "${SOURCE_LABEL}", "${c.source}", "", "")`)
    .join(' or ');
}
