/**
 * What kube-state-metrics reports about the nodes and pods: each node's MemoryPressure condition and
 * each pod's container restarts, with the node it runs on (`NODES` in topology.ts). Calm unless the
 * scenario is a node fault: from a third of the way up its ramp until recovery the node reports
 * MemoryPressure, and from the peak the pods on it are OOM-killed and restarted at a steady pace.
 */
import type { Model } from '../../world/model.js';
import { scenarioSpec } from '../../world/scenarios.js';
import { NODES, instanceNames, nodeOf } from '../../world/topology.js';
import type { HostSeries } from './hosts.js';

const KSM = { job: 'kube-state-metrics' };
const NAMESPACE = 'shop';

export function kubeSeries(model: Model): HostSeries[] {
  const info = model.scenario;
  const fault = info.rootCause === '' ? undefined : scenarioSpec(info.name).nodeFault;
  const pressuredFrom = info.onsetMs + (info.peakMs - info.onsetMs) / 3;
  const killedFrom = info.peakMs;
  const pressured = (node: string, t: number) => fault?.node === node && t >= pressuredFrom && t < info.recoveryMs;
  const out: HostSeries[] = NODES.map((node) => ({
    labels: { __name__: 'kube_node_status_condition', ...KSM, node, condition: 'MemoryPressure', status: 'true' },
    value: (t) => (pressured(node, t) ? 1 : 0),
  }));
  for (const spec of model.specs) {
    for (const pod of instanceNames(spec)) {
      const node = nodeOf(pod);
      out.push({
        labels: { __name__: 'kube_pod_container_status_restarts_total', ...KSM, namespace: NAMESPACE, pod, container: spec.name, node },
        value: (t) => (fault?.node === node && t >= killedFrom ? Math.floor((Math.min(t, info.recoveryMs) - killedFrom) / fault.restartEveryMs) + 1 : 0),
      });
    }
  }
  return out;
}
