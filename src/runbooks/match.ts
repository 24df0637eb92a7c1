import { serviceOf } from '../alerts/service.js';
import { matchesLabels } from './matchers.js';
import type { Runbook } from './types.js';

/** A firing alert as far as matching cares: its labels, `alertname` among them. */
export interface AlertLabels {
  labels: Record<string, string>;
}

export interface RunbookCandidate {
  runbook: Runbook;
  score: number;
  /** Why it matched, e.g. "alert PaymentsDbLatencyHigh", "service payments-db", `severity=~"crit|page"`. */
  reasons: string[];
}

export interface MatchContext {
  /** Services of the incident itself (`--service`), so a runbook is found before anything fires. */
  services?: readonly string[];
  /** The top root-cause candidate's service: the runbook for the cause beats those for its victims. */
  rootCause?: string;
}

const NAME_POINTS = 3;
const SERVICE_POINTS = 2;
const MATCHER_POINTS = 1;
const ROOT_CAUSE_POINTS = 5;

/**
 * Rank runbooks for what is firing, best first; runbooks that match nothing are left out.
 *
 * Each alert scores against a runbook: 3 if its name is in `match.alerts`, 2 if its service (as the
 * alerts capability reads it from the labels) is in `match.services`, and 1 per label matcher, which
 * are conditions as in Alertmanager: if any fails, the alert scores 0 for that runbook. A runbook
 * with only label matchers matches the alerts that satisfy all of them. Each incident service in
 * `match.services` adds 2, the root-cause service 5. A runbook's score is the sum, so the one that
 * explains more of what is firing wins; ties go by name.
 */
export function matchRunbooks(runbooks: readonly Runbook[], alerts: readonly AlertLabels[], context: MatchContext = {}): RunbookCandidate[] {
  const out: RunbookCandidate[] = [];
  for (const runbook of runbooks) {
    const { match } = runbook;
    let score = 0;
    const reasons = new Set<string>();
    for (const { labels } of alerts) {
      if (!match.labels.every((m) => matchesLabels(m, labels))) continue;
      const name = labels.alertname ?? '';
      const service = serviceOf(labels);
      const byName = match.alerts.includes(name);
      const byService = service !== undefined && match.services.includes(service);
      const onlyMatchers = match.alerts.length === 0 && match.services.length === 0 && match.labels.length > 0;
      if (!byName && !byService && !onlyMatchers) continue;
      if (byName) {
        score += NAME_POINTS;
        reasons.add(`alert ${name}`);
      }
      if (byService) {
        score += SERVICE_POINTS;
        reasons.add(`service ${service}`);
      }
      score += match.labels.length * MATCHER_POINTS;
      for (const m of match.labels) reasons.add(m.text);
    }
    for (const s of context.services ?? []) {
      if (!match.services.includes(s)) continue;
      score += SERVICE_POINTS;
      reasons.add(`service ${s}`);
    }
    if (context.rootCause !== undefined && match.services.includes(context.rootCause)) {
      score += ROOT_CAUSE_POINTS;
      reasons.add(`root cause ${context.rootCause}`);
    }
    if (score > 0) out.push({ runbook, score, reasons: [...reasons] });
  }
  return out.sort((a, b) => b.score - a.score || a.runbook.name.localeCompare(b.runbook.name));
}
