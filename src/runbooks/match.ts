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

const NAME_POINTS = 3;
const SERVICE_POINTS = 2;
const MATCHER_POINTS = 1;

/** The service an alert is about: its `service` label, else `job`. */
export function alertService(labels: Record<string, string>): string | undefined {
  return labels.service || labels.job || undefined;
}

/**
 * Rank runbooks for what is firing, best first; runbooks that match nothing are left out.
 *
 * Each alert scores against a runbook: 3 if its name is in `match.alerts`, 2 if its service is in
 * `match.services`, and 1 per label matcher, which are conditions as in Alertmanager: if any fails,
 * the alert scores 0 for that runbook. A runbook with only label matchers matches the alerts that
 * satisfy all of them. Services of the incident itself (`--service`) add 2 each, so a runbook can
 * be found before anything fires. A runbook's score is the sum, so the one that explains more of
 * what is firing wins; ties go by name.
 */
export function matchRunbooks(runbooks: readonly Runbook[], alerts: readonly AlertLabels[], services: readonly string[] = []): RunbookCandidate[] {
  const out: RunbookCandidate[] = [];
  for (const runbook of runbooks) {
    const { match } = runbook;
    let score = 0;
    const reasons = new Set<string>();
    for (const { labels } of alerts) {
      if (!match.labels.every((m) => matchesLabels(m, labels))) continue;
      const name = labels.alertname ?? '';
      const service = alertService(labels);
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
    for (const s of services) {
      if (!match.services.includes(s)) continue;
      score += SERVICE_POINTS;
      reasons.add(`service ${s}`);
    }
    if (score > 0) out.push({ runbook, score, reasons: [...reasons] });
  }
  return out.sort((a, b) => b.score - a.score || a.runbook.name.localeCompare(b.runbook.name));
}
