/**
 * Which alerts of an incident say the same thing about several components at once. An alert's
 * deviation is what it says without where: its name and labels, less the labels naming its service,
 * instance or host. When the same deviation shows on several components (one CPU rule firing on every
 * container of a busy machine, one memory rule on every replica after a traffic shift), it describes
 * what they share (load, a machine, the time of day) more than any one of them; a deviation seen on
 * one component alone is about that component. "Is it just me, or everyone?"
 */
import { ALERT_SERVICE_LABELS } from '../identity/conventions.js';
import { HOST_LABELS, INSTANCE_LABELS } from './placement.js';

const WHERE_LABELS = new Set([...ALERT_SERVICE_LABELS, ...INSTANCE_LABELS, ...HOST_LABELS]);

/** The alert's deviation: its labels less those naming where it is (and any label equal to its service). */
export function deviationOf(labels: Record<string, string>, service: string | undefined): string {
  // Called for every alert of a storm: no intermediate arrays of pairs. Keys sort by code unit.
  const names = Object.keys(labels).filter((k) => !WHERE_LABELS.has(k) && labels[k] !== service).sort();
  let deviation = '';
  for (let i = 0; i < names.length; i++) deviation += `${i === 0 ? '' : '\u0000'}${names[i]}\u0001${labels[names[i]!]}`;
  return deviation;
}

/** For each deviation, the components (any keys) showing it. */
export function componentsPerDeviation(alerts: Iterable<{ deviation: string; component: string }>): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const { deviation, component } of alerts) {
    const set = seen.get(deviation);
    if (set) set.add(component);
    else seen.set(deviation, new Set([component]));
  }
  return seen;
}
