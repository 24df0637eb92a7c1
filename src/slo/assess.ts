/** From measured window values to an SLO's SLI, budget, burn rates, alerts, gates and verdict (pure). */
import { decimal, percent } from './format.js';
import { evaluateGate, gateMetricLabel, type Gate, type GateResult } from './gates.js';
import {
  CURRENT_BURN_WINDOW_MS,
  alertState,
  alertThresholds,
  burnRate,
  errorBudget,
  exhaustionInstant,
  windowRatio,
  type AlertState,
  type ErrorBudget,
} from './math.js';
import { MIN_DATA_COVERAGE, type PlannedWindow, type RatioTemplates } from './plan.js';
import { promRange } from './promql.js';
import { decideVerdict } from './verdict.js';
import type { SloDefinition, Verdict } from './types.js';

export interface MeasuredWindow extends PlannedWindow {
  /** The exact PromQL run and the value it returned (null: no series came back). */
  numerator: { kind: 'good' | 'bad'; query: string; value: number | null };
  total: { query: string; value: number | null };
}

export interface WindowResult extends MeasuredWindow {
  sli: number | null;
  errorRatio: number | null;
  burnRate: number | null;
  /** Share of the window with data (0..1), measured to the coverage step; null when unknown. */
  coverage: number | null;
}

/** What the coverage query found: time with data in the period (to `stepMs`), null when it failed. */
export interface MeasuredCoverage {
  query: string;
  stepMs: number;
  coveredMs: number | null;
}

export interface SloError {
  /** `spec` (fix the spec), `no_data`, or the backend error's kind (unreachable, timeout, http, decode, limit). */
  kind: string;
  message: string;
  /** The part of the spec at fault, when the error names one: a latency threshold that is no bucket boundary. */
  field?: 'threshold';
}

export interface SloResult extends EvaluationContext {
  slo: SloDefinition;
  windows: WindowResult[];
  /** Over the period (for a calendar period: since it began). */
  sli: number | null;
  errorRatio: number | null;
  budget: ErrorBudget | null;
  /** By window label; the period's own label included. */
  burnRates: Record<string, number | null>;
  /** Burn rate over the last hour. */
  currentBurn: number | null;
  /** How much of the period had data; `ratio` null when unknown. */
  coverage: (MeasuredCoverage & { ratio: number | null }) | null;
  alerts: AlertState[];
  gates: GateResult[];
  /** When the budget runs out at the current burn (the evaluation instant when already exhausted). */
  exhaustsAt: number | null;
  verdict: Verdict;
  reasons: string[];
  error: SloError | null;
}

export interface EvaluationContext {
  at: number;
  periodStart: number;
  periodEnd: number;
  /** The SLO's two window templates (latency resolved to concrete buckets); null if never resolved. */
  templates: RatioTemplates | null;
}

export function assessSlo(slo: SloDefinition, context: EvaluationContext, measured: readonly MeasuredWindow[], gates: readonly Gate[] = [], coverage?: MeasuredCoverage): SloResult {
  // Data is taken to reach up to the evaluation instant: a window is covered as far as the data goes back.
  const coverageOf = (ms: number) => (coverage?.coveredMs == null ? null : Math.min(1, coverage.coveredMs / ms));
  const windows: WindowResult[] = measured.map((w) => {
    const { sli, errorRatio } = windowRatio(w.numerator.kind, w.numerator.value, w.total.value);
    return { ...w, sli, errorRatio, burnRate: burnRate(errorRatio, slo.objective), coverage: coverageOf(w.ms) };
  });
  const period = windows.find((w) => w.isPeriod);
  if (!period) throw new Error(`no period window measured for ${slo.name}`);
  const byMs = new Map<number, WindowResult>();
  for (const w of windows) if (!(w.isPeriod && slo.period.kind === 'calendar') && !byMs.has(w.ms)) byMs.set(w.ms, w);
  const at = (ms: number | null) => (ms === null ? period : byMs.get(ms));

  const budget = errorBudget(period.errorRatio, slo.objective);
  const currentBurn = at(CURRENT_BURN_WINDOW_MS)?.burnRate ?? null;
  const alerts = alertThresholds(slo.period.ms).map((rule) =>
    alertState(rule, at(rule.longMs)?.burnRate ?? null, at(rule.shortMs)?.burnRate ?? null),
  );
  const gateResults = gates.map((gate) =>
    evaluateGate(gate, {
      remaining: budget?.remaining ?? null,
      consumed: budget?.consumed ?? null,
      sli: (ms) => at(ms)?.sli ?? null,
      errorRatio: (ms) => at(ms)?.errorRatio ?? null,
      burn: (ms) => at(ms)?.burnRate ?? null,
    }),
  );

  let exhaustsAt = exhaustionInstant(context.at, budget?.remaining ?? null, currentBurn, slo.period.ms);
  if (exhaustsAt !== null && slo.period.kind === 'calendar' && exhaustsAt >= context.periodEnd) exhaustsAt = null;

  const breaches: string[] = [];
  const warnings: string[] = [];
  for (const a of alerts.filter((x) => x.firing)) {
    (a.severity === 'page' ? breaches : warnings).push(
      `${a.severity} alert: burn rate ${decimal(a.longBurn)} over ${labelOf(a.longMs, at)} and ${decimal(a.shortBurn)} over ${labelOf(a.shortMs, at)}, both above ${decimal(a.threshold)}`,
    );
  }
  if (budget && budget.remaining <= 0) breaches.push(`error budget exhausted: ${percent(budget.consumed, 1)} spent over ${slo.period.label}`);
  for (const g of gateResults.filter((x) => x.firing)) {
    const shown = g.gate.metric === 'burn' ? decimal(g.value) : percent(g.value);
    (g.gate.severity === 'breach' ? breaches : warnings).push(
      `gate ${g.gate.text} ${g.gate.severity === 'breach' ? 'failed' : 'warns'}: ${gateMetricLabel(g.gate)} is ${shown}`,
    );
  }
  if (period.coverage !== null && period.coverage < MIN_DATA_COVERAGE && period.sli !== null) {
    // Coverage is counted in whole steps: none counted means data for less than one step, not for no time.
    const seen = coverage!.coveredMs! > 0 ? `only ${percent(period.coverage, 1)} of ${slo.period.label} (about ${promRange(coverage!.coveredMs!)})` : `less than ${promRange(coverage!.stepMs)} of ${slo.period.label}`;
    warnings.push(`data covers ${seen}: the figures are for that part, not the whole period`);
  }
  const { verdict, reasons } = decideVerdict({ noData: noDataReason(period), breaches, warnings });

  return {
    slo,
    ...context,
    windows,
    sli: period.sli,
    errorRatio: period.errorRatio,
    budget,
    burnRates: Object.fromEntries(windows.map((w) => [w.label, w.burnRate])),
    currentBurn,
    coverage: coverage ? { ...coverage, ratio: period.coverage } : null,
    alerts,
    gates: gateResults,
    exhaustsAt,
    verdict,
    reasons,
    error: null,
  };
}

function labelOf(ms: number, at: (ms: number) => WindowResult | undefined): string {
  return at(ms)?.label ?? `${ms}ms`;
}

function noDataReason(period: WindowResult): string | null {
  if (period.sli !== null) return null;
  if (period.total.value === null) return `no data: the total query returned no series over ${period.label}`;
  if (period.total.value === 0) return `no data: no traffic over ${period.label} (total is 0)`;
  return `no data: the queries over ${period.label} returned ${period.numerator.value} / ${period.total.value}`;
}

/** The result for an SLO that could not be evaluated: NO_DATA with the reason. */
export function failedSlo(slo: SloDefinition, context: EvaluationContext, error: SloError): SloResult {
  return {
    slo,
    ...context,
    windows: [],
    sli: null,
    errorRatio: null,
    budget: null,
    burnRates: {},
    currentBurn: null,
    coverage: null,
    alerts: [],
    gates: [],
    exhaustsAt: null,
    verdict: 'NO_DATA',
    reasons: [error.message],
    error,
  };
}
