/** The stable JSON form of an SLO report (`obs slo check -o json`); documented in src/slo/README.md. */
import type { SloResult } from '../assess.js';
import type { SloReport } from '../evaluate.js';
import { instant, measured } from '../format.js';
import { promRange } from '../promql.js';
import type { Verdict } from '../types.js';

export interface SloReportJson {
  at: string;
  verdict: Verdict;
  /** What Prometheus warned about with its answers (e.g. a partial answer from Thanos), as it said it; empty when nothing. */
  warnings: string[];
  slos: SloJson[];
}

/** A report with the warnings its answers came with (commands/slo-run.ts evaluate). */
type WarnedReport = SloReport & { warnings?: readonly string[] };

export interface SloJson {
  name: string;
  service: string;
  description: string;
  objective: number;
  period: string;
  periodKind: 'rolling' | 'calendar';
  periodStart: string;
  periodEnd: string;
  budgetingMethod: 'Occurrences' | 'Timeslices';
  sli: number | null;
  errorRatio: number | null;
  budget: { total: number; consumed: number; remaining: number } | null;
  burnRates: Record<string, number | null>;
  /** Share of the period with data (0..1; null = unknown), how it was measured, and the time covered. */
  coverage: { ratio: number | null; covered: string | null; step: string; query: string } | null;
  alerts: { severity: 'page' | 'ticket'; long: string; short: string; threshold: number; firing: boolean; longBurn: number | null; shortBurn: number | null }[];
  gates: { expr: string; severity: 'breach' | 'warn'; value: number | null; firing: boolean }[];
  exhaustsAt: string | null;
  verdict: Verdict;
  reasons: string[];
  error: { kind: string; message: string } | null;
  windows: {
    window: string;
    range: string;
    numerator: { kind: 'good' | 'bad'; query: string; value: number | null };
    total: { query: string; value: number | null };
    sli: number | null;
    errorRatio: number | null;
    burnRate: number | null;
    coverage: number | null;
  }[];
}

export function reportJson(report: WarnedReport): SloReportJson {
  return { at: instant(report.at), verdict: report.verdict, warnings: [...(report.warnings ?? [])], slos: report.results.map(sloJson) };
}

export function formatJson(report: WarnedReport): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`;
}

function sloJson(r: SloResult): SloJson {
  return {
    name: r.slo.name,
    service: r.slo.service,
    description: r.slo.description,
    objective: r.slo.objective,
    period: r.slo.period.label,
    periodKind: r.slo.period.kind,
    periodStart: instant(r.periodStart),
    periodEnd: instant(r.periodEnd),
    budgetingMethod: r.slo.budgeting.method,
    sli: r.sli,
    errorRatio: r.errorRatio,
    budget: r.budget && { total: r.budget.total, consumed: r.budget.consumed, remaining: r.budget.remaining },
    burnRates: r.burnRates,
    coverage: r.coverage && {
      ratio: r.coverage.ratio,
      covered: r.coverage.coveredMs === null ? null : measured(r.coverage.coveredMs),
      step: promRange(r.coverage.stepMs),
      query: r.coverage.query,
    },
    alerts: r.alerts.map((a) => ({
      severity: a.severity,
      long: promRange(a.longMs),
      short: promRange(a.shortMs),
      threshold: a.threshold,
      firing: a.firing,
      longBurn: a.longBurn,
      shortBurn: a.shortBurn,
    })),
    gates: r.gates.map((g) => ({ expr: g.gate.text, severity: g.gate.severity, value: g.value, firing: g.firing })),
    exhaustsAt: r.exhaustsAt === null ? null : instant(r.exhaustsAt),
    verdict: r.verdict,
    reasons: r.reasons,
    error: r.error,
    windows: r.windows.map((w) => ({
      window: w.label,
      range: w.range,
      numerator: w.numerator,
      total: w.total,
      sli: w.sli,
      errorRatio: w.errorRatio,
      burnRate: w.burnRate,
      coverage: w.coverage,
    })),
  };
}
