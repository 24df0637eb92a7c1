/**
 * Where failing calls end. An alert about a call names its callee in a label (trace and service-mesh
 * rules do: `callee`, `server`, `peer_service`, `destination_service`); when its words say the call
 * fails (error, fail, 5xx: `classify.ts`), it points from the caller's service to the callee's. A service
 * that receives failing calls and makes none that fail is where the failures begin: its callers fail
 * because it does. This is the alert-level twin of an error trace's deepest failing span.
 */
import type { CorrelatedAlert } from './correlate.js';
import type { Placement } from './placement.js';

export const CALLEE_LABELS = ['callee', 'server', 'peer_service', 'destination_service', 'dst_service'];

export interface FailingCallees {
  /** Service → distinct failing calls into it, for services that make no failing call themselves. */
  into: Map<string, number>;
  /** Distinct alerts on failing calls between two services in the incident. */
  total: number;
}

const FAILURE_WORD = /^(error|fail|5xx)/;

function calleeOf(labels: Record<string, string>): string | undefined {
  for (const name of CALLEE_LABELS) {
    const v = labels[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

/**
 * The callee's service: an instance named in the placement maps to its service; any other name counts
 * when `isService` knows it (a service of the graph or of the alerts). A call to a callee that cannot be
 * placed still counts among the failing calls, and credits no one: an instance the alerts never placed
 * would otherwise read as a service of its own.
 */
export function deepestFailingCallees(
  alerts: readonly CorrelatedAlert[],
  placement: Placement,
  isService: (name: string) => boolean = () => true,
): FailingCallees {
  const into = new Map<string, number>();
  const failing = new Set<string>();
  const seen = new Set<string>();
  let total = 0;
  for (const a of alerts) {
    const callee = calleeOf(a.alert.labels);
    if (callee === undefined || a.service === undefined || seen.has(a.alert.fingerprint)) continue;
    if (!a.evidence.keywords.some((k) => FAILURE_WORD.test(k))) continue;
    const target = placement.instances.get(callee) ?? (isService(callee) ? callee : undefined);
    if (target === a.service) continue;
    seen.add(a.alert.fingerprint);
    failing.add(a.service);
    if (target !== undefined) into.set(target, (into.get(target) ?? 0) + 1);
    total++;
  }
  for (const s of failing) into.delete(s);
  return { into, total };
}
