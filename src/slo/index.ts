/** The SLO capability: load specs, evaluate them against Prometheus, judge, report. */
export type { SloDefinition, SloPeriod, Budgeting, Indicator, CalendarUnit, SpecLocation, Verdict } from './types.js';
export { loadSloFiles, parseSloSources, type SloLoadResult, type SloSourceText } from './load.js';
export { formatProblem, type SpecProblem } from './spec-node.js';
export { evaluateSlos, evaluateBurn, type QueryFn, type QuerySeries, type BucketBoundariesFn, type EvaluateOptions, type SloReport } from './evaluate.js';
export { assessSlo, type SloResult, type WindowResult, type MeasuredWindow, type SloError, type EvaluationContext } from './assess.js';
export { planWindows, windowQueries, matchBucket, type PlannedWindow, type RatioTemplates } from './plan.js';
export {
  windowRatio,
  burnRate,
  errorBudget,
  timeToExhaustionMs,
  burnRateThreshold,
  alertThresholds,
  MULTI_WINDOW_RULES,
  CURRENT_BURN_WINDOW_MS,
  type ErrorBudget,
  type AlertState,
  type AlertThreshold,
} from './math.js';
export { parseGate, GateSyntaxError, type Gate, type GateResult } from './gates.js';
export { decideVerdict, overallVerdict, exitCode, type ExitCodeInput } from './verdict.js';
export { reportJson, formatJson, type SloReportJson, type SloJson } from './report/json.js';
export { formatJunit } from './report/junit.js';
export { formatMarkdown } from './report/markdown.js';
export { formatExplain } from './report/explain.js';
export { statusRows, statusRow, type SloStatusRow } from './report/status.js';
export { budgetHistory, budgetHistories, burnDown, type RangeQueryFn, type RangeSeries, type BudgetPoint } from './history.js';
