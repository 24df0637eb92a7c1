/** Test data: an Alertmanager-style alert firing `atMinutes` after 2024-05-01T10:00:00Z. */
import { labelsFingerprint } from '../fingerprint.js';
import type { Alert } from '../model.js';

export const T0 = Date.parse('2024-05-01T10:00:00Z');
export const MINUTE = 60_000;

export function makeAlert(name: string, labels: Record<string, string>, atMinutes: number, extra: Partial<Alert> = {}): Alert {
  const all = name ? { alertname: name, ...labels } : { ...labels };
  return {
    fingerprint: labelsFingerprint(all),
    name,
    labels: all,
    annotations: {},
    state: 'firing',
    silenced: false,
    inhibited: false,
    inhibitedBy: [],
    muted: false,
    startsAt: T0 + atMinutes * MINUTE,
    receivers: [],
    groups: [],
    sources: ['alertmanager'],
    ...extra,
  };
}
