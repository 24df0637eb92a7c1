import { isUnsuppressed } from '../alerts/model.js';
import type { AnalyzedGroup } from '../alerts/report.js';
import type { SuspectsPanel } from './types.js';

const SHOWN = 3;

/**
 * The likely causes of the first group (most severe, then newest: `rankGroups`'s order) with an alert
 * nobody silenced or inhibited, best first.
 */
export function suspectsOf(groups: readonly Pick<AnalyzedGroup, 'title' | 'rootCause' | 'alerts'>[]): SuspectsPanel {
  const first = groups.find((g) => g.alerts.some((a) => isUnsuppressed(a.alert)));
  if (!first) return { suspects: [] };
  return {
    incident: first.title,
    suspects: first.rootCause.slice(0, SHOWN).map((c) => ({
      name: c.service,
      level: c.level,
      ...(c.instance !== undefined ? { instance: c.instance } : {}),
      score: c.score,
      reasons: c.reasons,
    })),
  };
}
