/**
 * The normalised alert every part of obs works with, whichever API it came from. Times are unix
 * milliseconds. Label and annotation values are kept as received (fingerprints depend on them);
 * sanitise them before they reach a terminal.
 */

export type AlertState = 'firing' | 'pending' | 'resolved';
export type AlertSource = 'alertmanager' | 'prometheus';

/** An Alertmanager aggregation group (`GET /api/v2/alerts/groups` item) the alert is in. */
export interface AlertGroupRef {
  receiver: string;
  /** The group-by labels and their values. */
  labels: Record<string, string>;
}

export interface Alert {
  /** Alertmanager's fingerprint, or the same hash computed from the labels for Prometheus alerts. */
  fingerprint: string;
  /** The `alertname` label ('' when missing). */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  silenced: boolean;
  inhibited: boolean;
  /** Fingerprints of the alerts inhibiting this one (an inhibition rule says they explain it). */
  inhibitedBy: string[];
  /** Muted by an Alertmanager time interval (`mutedBy`, v0.28+). */
  muted: boolean;
  /** When it started firing (Alertmanager `startsAt`), or became active (Prometheus `activeAt`). */
  startsAt: number;
  /** Alertmanager's `endsAt`: for a firing alert usually a time in the future (resolve timeout). */
  endsAt?: number;
  updatedAt?: number;
  receivers: string[];
  groups: AlertGroupRef[];
  sources: AlertSource[];
  generatorURL?: string;
}

/**
 * Firing, and nobody has silenced, inhibited or muted it: only such an alert may lead a choice of
 * incident. The others stay visible where alerts are listed, marked.
 */
export function isUnsuppressed(alert: Alert): boolean {
  return alert.state === 'firing' && !alert.silenced && !alert.inhibited && !alert.muted;
}
