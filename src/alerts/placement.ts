/**
 * Where a component runs: which service an instance belongs to and which host it is on. From a typed
 * knowledge graph (`instance_of`, `hosted_on` edges) when one is given, and always from the alerts'
 * own labels (`instance`/`pod` beside the service; `node`/`host` labels), so a live system without a
 * graph file still gets instances and hosts.
 */

export interface Placement {
  /** Instance → its service. */
  instances: Map<string, string>;
  /** Instance or service → the host it runs on. */
  hosts: Map<string, string>;
  /** Names known to be hosts (a host node of the graph, or a host label value). */
  hostNames: Set<string>;
}

export const emptyPlacement = (): Placement => ({ instances: new Map(), hosts: new Map(), hostNames: new Set() });

/** Labels naming the instance of a service an alert is about, tried in order. */
export const INSTANCE_LABELS = ['instance', 'pod', 'kubernetes_pod_name', 'pod_name', 'container_id'];
/** Labels naming the host (machine, node) an alert is about, tried in order. */
export const HOST_LABELS = ['node', 'kubernetes_node', 'nodename', 'hostname', 'host'];

const first = (labels: Record<string, string>, names: string[]) => {
  for (const n of names) {
    const v = labels[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** The host an alert's labels name, if any. */
export const hostOf = (labels: Record<string, string>): string | undefined => first(labels, HOST_LABELS);

export interface AlertPlace {
  /** The component the alert is about: a host, an instance, or the service itself. */
  instance?: string;
  host?: string;
  /** The alert is about the host itself (node metrics), not a service on it. */
  onHost: boolean;
}

/**
 * The instance and host of an alert whose service is `service`. An alert is about a host when it has
 * no service but a host label, when its service is a known host, or when its service names the host
 * it is on (node-exporter rules often carry the node as every label).
 */
export function placeAlert(labels: Record<string, string>, service: string | undefined, placement: Placement): AlertPlace {
  const rawInstance = first(labels, INSTANCE_LABELS);
  const instance = rawInstance !== undefined && rawInstance !== service ? rawInstance : undefined;
  const host = first(labels, HOST_LABELS)
    ?? (instance !== undefined ? placement.hosts.get(instance) : undefined)
    ?? (service !== undefined ? placement.hosts.get(service) : undefined);
  const onHost = service === undefined ? host !== undefined : placement.hostNames.has(service) || service === host;
  const place: AlertPlace = { onHost };
  if (onHost) {
    const name = host ?? service;
    if (name !== undefined) place.host = name;
    return place;
  }
  if (instance !== undefined) place.instance = instance;
  if (host !== undefined) place.host = host;
  return place;
}

/**
 * Adds what the alerts' labels say (instance beside service, host beside instance) to a copy of
 * `placement`. A host label wins over the graph file: it is what the system reports now.
 */
export function learnPlacement(
  placement: Placement,
  alerts: Iterable<{ labels: Record<string, string>; service?: string }>,
): Placement {
  const learned: Placement = { instances: new Map(placement.instances), hosts: new Map(placement.hosts), hostNames: new Set(placement.hostNames) };
  const labelled = [...alerts];
  for (const a of labelled) {
    const host = first(a.labels, HOST_LABELS);
    if (host !== undefined) learned.hostNames.add(host);
  }
  for (const a of labelled) {
    if (a.service === undefined) continue;
    const place = placeAlert(a.labels, a.service, learned);
    if (place.onHost) continue;
    if (place.instance !== undefined && !learned.instances.has(place.instance)) learned.instances.set(place.instance, a.service);
    const host = first(a.labels, HOST_LABELS);
    if (host !== undefined) learned.hosts.set(place.instance ?? a.service, host);
  }
  return learned;
}
