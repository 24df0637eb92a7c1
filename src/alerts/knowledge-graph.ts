/**
 * A typed knowledge graph of a system, as RCA benchmarks and CMDBs describe it: nodes with a type
 * (Service, Service_Instance, Host, Database, Cache, ...) and labelled edges. Calls (`control_flow`,
 * `data_flow`, `calls`, `depends_on`) become dependency edges (source calls target); `instance_of`
 * ties an instance to its service, `hosted_on`/`runs_on` a component to its host. Inverse edges
 * (`has_instance`, `hosts`) say the same the other way round. Other labels are ignored.
 */
import type { DependencyEdge } from '../traces/index.js';
import { emptyPlacement, type Placement } from './placement.js';
import { isRecord } from '../json/record.js';

const CALL_LABELS = new Set(['control_flow', 'data_flow', 'calls', 'depends_on']);
const HOST_TYPES = /^(host|node|machine|vm|server)$/i;

export interface GraphProblem {
  index: number;
  message: string;
}

const name = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function onHost(placement: Placement, component: string, host: string): void {
  placement.hosts.set(component, host);
  placement.hostNames.add(host);
}

export function readKnowledgeGraph(nodes: unknown[], edges: unknown[]): {
  graph: { dependencies: DependencyEdge[]; placement: Placement };
  problems: { nodes: GraphProblem[]; edges: GraphProblem[] };
} {
  const problems = { nodes: [] as GraphProblem[], edges: [] as GraphProblem[] };
  const placement = emptyPlacement();
  nodes.forEach((node, index) => {
    if (!isRecord(node) || name(node.id) === undefined) problems.nodes.push({ index, message: 'a node must be an object with a non-empty string "id"' });
    else if (typeof node.type === 'string' && HOST_TYPES.test(node.type)) placement.hostNames.add(node.id as string);
  });
  const dependencies: DependencyEdge[] = [];
  const seen = new Set<string>();
  edges.forEach((edge, index) => {
    const source = isRecord(edge) ? name(edge.source) : undefined;
    const target = isRecord(edge) ? name(edge.target) : undefined;
    const label = isRecord(edge) && typeof edge.label === 'string' ? edge.label.toLowerCase() : undefined;
    if (source === undefined || target === undefined || label === undefined) {
      problems.edges.push({ index, message: 'an edge must have non-empty string "source", "target" and "label"' });
      return;
    }
    if (CALL_LABELS.has(label)) {
      if (source !== target && !seen.has(`${source}\u0000${target}`)) {
        seen.add(`${source}\u0000${target}`);
        dependencies.push({ parent: source, child: target, callCount: 0 });
      }
    } else if (label === 'instance_of') placement.instances.set(source, target);
    else if (label === 'has_instance') placement.instances.set(target, source);
    else if (label === 'hosted_on' || label === 'runs_on') onHost(placement, source, target);
    else if (label === 'hosts') onHost(placement, target, source);
  });
  return { graph: { dependencies, placement }, problems };
}
