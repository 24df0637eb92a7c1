/** Field readers shared by the OpenSLO and Sloth loaders. */
import { TimeSyntaxError, parseDuration } from '../time/time.js';
import { asSingleSeries, counterIncrease, hasWindowPlaceholder, isBareSelector, promqlSyntaxError, renderWindow, WINDOW } from './promql.js';
import type { SpecNode } from './spec-node.js';

/** An objective given as a fraction: 0 <= target < 1. */
export function objectiveFraction(node: SpecNode): number {
  const target = node.number();
  if (target >= 1) node.fail(`target must be below 1 (got ${target}); an objective of 100% leaves no error budget`);
  if (target < 0) node.fail(`target must not be negative (got ${target})`);
  return target;
}

/** An objective given in percent: 0 <= objective < 100, returned as a fraction. */
export function objectivePercent(node: SpecNode): number {
  const percent = node.number();
  if (percent >= 100) node.fail(`objective must be below 100% (got ${percent}); 100% leaves no error budget`);
  if (percent < 0) node.fail(`objective must not be negative (got ${percent})`);
  // 99.9 / 100 is 0.9990000000000001 in binary floating point; keep the decimal the user wrote.
  return Number((percent / 100).toPrecision(12));
}

/** A duration such as "30d" or "5m", in ms. */
export function durationMs(node: SpecNode): number {
  const text = node.string();
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (e) {
    if (e instanceof TimeSyntaxError) node.fail(`invalid duration "${text}": expected e.g. 5m, 1h, 28d, 4w`);
    throw e;
  }
  if (ms <= 0) node.fail(`duration must be positive (got "${text}")`);
  return ms;
}

/**
 * A spec query as a window template returning one series:
 * - with `{{.window}}`: used as written (wrapped in `sum(...)` if it could return several series);
 * - a bare counter selector: `sum(increase(<selector>[{{.window}}]))`.
 */
export function queryTemplate(node: SpecNode): string {
  // Block scalars keep their line breaks and indentation; one line reads better in explain output.
  const text = node.string().replace(/\s*\n\s*/g, ' ');
  if (hasWindowPlaceholder(text)) {
    const problem = promqlSyntaxError(renderWindow(text, '5m'));
    if (problem) node.fail(problem);
    return asSingleSeries(text);
  }
  const problem = promqlSyntaxError(text);
  if (problem) node.fail(problem);
  if (isBareSelector(text)) return counterIncrease(text);
  node.fail(
    `query must be a counter selector (obs counts it as sum(increase(<selector>[window]))) or contain ${WINDOW} where the window goes; got: ${text}`,
  );
}
