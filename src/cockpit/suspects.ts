import { isUnsuppressed, type Alert } from '../alerts/model.js';
import type { AnalyzedGroup } from '../alerts/report.js';
import type { SuspectsPanel } from './types.js';

const SHOWN = 3;

/**
 * The likely causes of the first group (most severe, then newest: `rankGroups`'s order) with an alert
 * nobody silenced or inhibited, best first. When no group has one, those of the first group anyway,
 * saying why none leads ("all 3 alert groups are silenced"): held-back alerts are still alerts.
 */
export function suspectsOf(groups: readonly Pick<AnalyzedGroup, 'title' | 'rootCause' | 'alerts'>[]): SuspectsPanel {
  const leading = groups.find((g) => g.alerts.some((a) => isUnsuppressed(a.alert)));
  const first = leading ?? groups[0];
  if (!first) return { suspects: [] };
  return {
    incident: first.title,
    ...(leading ? {} : { heldBack: heldBack(groups) }),
    suspects: first.rootCause.slice(0, SHOWN).map((c) => ({
      name: c.service,
      level: c.level,
      ...(c.instance !== undefined ? { instance: c.instance } : {}),
      score: c.score,
      reasons: c.reasons,
    })),
  };
}

/** "all 3 alert groups are silenced or inhibited", "the only alert group is pending": what holds every group's alerts back. */
function heldBack(groups: readonly Pick<AnalyzedGroup, 'alerts'>[]): string {
  const alerts = groups.flatMap((g) => g.alerts.map((a) => a.alert));
  const words = HOLDS.filter(([, holds]) => alerts.some(holds)).map(([word]) => word);
  const how = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0] ?? 'held back';
  return groups.length === 1 ? `the only alert group is ${how}` : `all ${groups.length} alert groups are ${how}`;
}

const HOLDS: [string, (a: Alert) => boolean][] = [
  ['silenced', (a) => a.silenced],
  ['inhibited', (a) => a.inhibited],
  ['muted', (a) => a.muted],
  ['pending', (a) => a.state === 'pending'],
  ['resolved', (a) => a.state === 'resolved'],
];
