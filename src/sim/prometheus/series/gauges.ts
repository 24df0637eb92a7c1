/** Gauges: a value read from the model snapshot at each scrape. */
import type { Model, Snapshot } from '../../world/model.js';
import { hash01 } from '../../world/random.js';
import { BATCH_JOB, DB_CONNECTIONS_MAX, instanceNames } from '../../world/topology.js';
import type { Labels } from '../../promql/labels.js';
import { instanceLabel } from './sources.js';

export interface GaugeSeries {
  labels: Labels;
  /** value at a scrape; undefined = no sample */
  value(snap: Snapshot): number | undefined;
}

export function gaugeSeries(model: Model): GaugeSeries[] {
  const out: GaugeSeries[] = [];
  for (const spec of model.specs) {
    const svc = spec.name;
    instanceNames(spec).forEach((name, i) => {
      const instance = instanceLabel(name);
      const skew = 0.95 + 0.1 * hash01(model.seed, 'memory-skew', svc, i);
      out.push(
        {
          labels: { __name__: 'up', service: svc, job: svc, instance },
          value: (snap) => (snap.services.get(svc)!.downIndex === i ? 0 : 1),
        },
        {
          labels: { __name__: 'process_resident_memory_bytes', service: svc, instance },
          value: (snap) => {
            const s = snap.services.get(svc)!;
            if (s.downIndex === i) return Math.round(spec.memoryBaseBytes * 0.2);
            return Math.round((s.memoryBytes / Math.max(1, s.instancesUp)) * skew);
          },
        },
        {
          labels: { __name__: 'process_start_time_seconds', service: svc, instance },
          value: (snap) => snap.services.get(svc)!.restart.atMs / 1000,
        },
      );
    });
    if (spec.kind === 'database') {
      out.push(
        { labels: { __name__: 'db_connections_in_use', service: svc }, value: (snap) => snap.services.get(svc)!.connectionsInUse },
        { labels: { __name__: 'db_connections_max', service: svc }, value: () => DB_CONNECTIONS_MAX },
      );
    }
    if (spec.kind === 'queue') {
      out.push({ labels: { __name__: 'queue_depth', service: svc }, value: (snap) => snap.services.get(svc)!.queueDepth });
    }
  }
  out.push({ labels: { __name__: 'up', job: BATCH_JOB, instance: `${BATCH_JOB}-0:9091` }, value: () => 1 });
  return out;
}
