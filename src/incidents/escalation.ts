import type { IncidentState, Severity } from './types.js';

const HIGHER: Record<Severity, Severity | undefined> = { sev1: undefined, sev2: 'sev1', sev3: 'sev2', sev4: 'sev3' };

/** One level more urgent (sev3 -> sev2); undefined at sev1, which has nowhere higher to go. */
export function nextSeverity(severity: Severity): Severity | undefined {
  return HIGHER[severity];
}

/**
 * Whether an incident is due to escalate on its own: open, nobody acknowledged it within
 * `afterMs` of its opening, and it has not escalated since (each escalation restarts the clock,
 * so an ignored incident climbs one level per period).
 */
export function escalationDue(state: IncidentState, now: number, afterMs: number): boolean {
  if (!state.open || state.acknowledgedAt !== undefined) return false;
  if (nextSeverity(state.severity) === undefined) return false;
  const since = Math.max(state.openedAt, state.escalations.at(-1)?.at ?? 0);
  return now - since >= afterMs;
}
