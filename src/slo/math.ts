/**
 * Error-budget arithmetic (pure). Conventions:
 * - SLI = good / total; error ratio = bad / total = 1 - SLI.
 * - Burn rate = error ratio / (1 - objective): 1 spends the budget exactly over one period.
 * - No traffic (total 0) or no total series is "no data" (null), never 0% or 100%.
 *   A missing numerator series (no error series yet, no good series yet) counts as 0 events.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface WindowRatio {
  sli: number | null;
  errorRatio: number | null;
}

/** SLI and error ratio from a window's numerator (good or bad events) and total; null values are missing series. */
export function windowRatio(numeratorKind: 'good' | 'bad', numerator: number | null, total: number | null): WindowRatio {
  if (total === null || !Number.isFinite(total) || total === 0) return { sli: null, errorRatio: null };
  const count = numerator ?? 0;
  if (!Number.isFinite(count)) return { sli: null, errorRatio: null };
  if (numeratorKind === 'good') {
    const sli = count / total;
    return { sli, errorRatio: 1 - sli };
  }
  const errorRatio = count / total;
  return { sli: 1 - errorRatio, errorRatio };
}

/** 1 - objective, without the binary noise of the subtraction (1 - 0.995 is 0.0050000000000000044). */
export function allowedErrorRatio(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}

export function burnRate(errorRatio: number | null, objective: number): number | null {
  return errorRatio === null ? null : errorRatio / allowedErrorRatio(objective);
}

export interface ErrorBudget {
  /** Allowed error ratio over the period: 1 - objective. */
  total: number;
  /** Fraction of the budget spent: error ratio / (1 - objective). Above 1 when overspent. */
  consumed: number;
  /** 1 - consumed; negative when overspent. */
  remaining: number;
}

export function errorBudget(errorRatio: number | null, objective: number): ErrorBudget | null {
  if (errorRatio === null) return null;
  const total = allowedErrorRatio(objective);
  const consumed = errorRatio / total;
  return { total, consumed, remaining: 1 - consumed };
}

/**
 * How long until the remaining budget is gone if the current burn rate holds: burn 1 spends one
 * whole budget per period. 0 when already exhausted; null when not burning or no data.
 */
export function timeToExhaustionMs(remaining: number | null, burn: number | null, periodMs: number): number | null {
  if (remaining === null) return null;
  if (remaining <= 0) return 0;
  if (burn === null || !(burn > 0)) return null;
  return (remaining * periodMs) / burn;
}

/** The last instant a JavaScript Date (and so RFC3339 output) can hold. */
const LAST_DATE_MS = 8.64e15;

/**
 * The instant the budget runs out if the current burn holds: `at` when already exhausted; null when
 * not burning, or burning so slowly that the instant lies past any date a clock can show.
 */
export function exhaustionInstant(at: number, remaining: number | null, burn: number | null, periodMs: number): number | null {
  const ms = timeToExhaustionMs(remaining, burn, periodMs);
  if (ms === null || at + ms > LAST_DATE_MS) return null;
  return at + ms;
}

export type AlertSeverity = 'page' | 'ticket';

export interface AlertRule {
  severity: AlertSeverity;
  longMs: number;
  shortMs: number;
  /** Percent of the period's budget the long window spends at the threshold burn rate. */
  budgetPercent: number;
}

/** The multi-window multi-burn-rate rules of the Google SRE workbook (14.4/6/3/1 for 30 days). */
export const MULTI_WINDOW_RULES: readonly AlertRule[] = [
  { severity: 'page', longMs: HOUR, shortMs: 5 * MINUTE, budgetPercent: 2 },
  { severity: 'page', longMs: 6 * HOUR, shortMs: 30 * MINUTE, budgetPercent: 5 },
  { severity: 'ticket', longMs: DAY, shortMs: 2 * HOUR, budgetPercent: 10 },
  { severity: 'ticket', longMs: 3 * DAY, shortMs: 6 * HOUR, budgetPercent: 10 },
];

/** The window the "current" burn rate is read from (status tables, exhaustion forecasts). */
export const CURRENT_BURN_WINDOW_MS = HOUR;

/**
 * The burn rate at which the long window spends `budgetPercent` of the period's budget, as Sloth
 * scales it for any period: percent/100 × period / long window (2% over 1h of 30d -> 14.4).
 */
export function burnRateThreshold(budgetPercent: number, periodMs: number, longMs: number): number {
  return (budgetPercent * periodMs) / (100 * longMs);
}

export interface AlertThreshold extends AlertRule {
  threshold: number;
}

/** The alert rules for an SLO period; a rule whose long window is longer than the period is left out. */
export function alertThresholds(periodMs: number): AlertThreshold[] {
  return MULTI_WINDOW_RULES.filter((r) => r.longMs <= periodMs).map((r) => ({
    ...r,
    threshold: burnRateThreshold(r.budgetPercent, periodMs, r.longMs),
  }));
}

export interface AlertState extends AlertThreshold {
  longBurn: number | null;
  shortBurn: number | null;
  /** Both windows burn faster than the threshold; a window with no data never fires. */
  firing: boolean;
}

export function alertState(rule: AlertThreshold, longBurn: number | null, shortBurn: number | null): AlertState {
  const firing = longBurn !== null && shortBurn !== null && longBurn > rule.threshold && shortBurn > rule.threshold;
  return { ...rule, longBurn, shortBurn, firing };
}
