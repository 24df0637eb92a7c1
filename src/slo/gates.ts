/**
 * CI gates: conditions that fail a check when true, e.g. `remaining<10%`, `burn(1h)>2`,
 * `sli(30d)<99.5%`. Prefix `warn:` to make a gate a warning instead of a breach.
 *
 *   remaining, consumed   fraction of the error budget over the SLO period (no window)
 *   sli[(W)], error[(W)]  SLI / error ratio over window W (default: the SLO period)
 *   burn(W)               burn rate over window W (a window is required)
 */
import { TimeSyntaxError, parseDuration } from '../time/time.js';
import { promNumber, promRange } from './promql.js';

export type GateMetric = 'remaining' | 'consumed' | 'sli' | 'error' | 'burn';
export type GateOperator = '<' | '<=' | '>' | '>=';

export interface Gate {
  /** As written, for messages. */
  text: string;
  severity: 'breach' | 'warn';
  metric: GateMetric;
  /** null: over the SLO period. */
  windowMs: number | null;
  op: GateOperator;
  threshold: number;
}

export class GateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateSyntaxError';
  }
}

const GATE = /^(warn:)?\s*([a-z]+)\s*(?:\(\s*([^)]*?)\s*\))?\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(%?)$/;
const METRICS: readonly GateMetric[] = ['remaining', 'consumed', 'sli', 'error', 'burn'];
const EXAMPLES = 'e.g. remaining<10%, burn(1h)>2, sli(30d)<99.5% or warn:burn(6h)>1';

export function parseGate(text: string): Gate {
  const m = GATE.exec(text.trim());
  if (!m) throw new GateSyntaxError(`invalid gate "${text}": expected <metric> <op> <number>[%], ${EXAMPLES}`);
  const [, warn, name, windowText, op, number, percent] = m;
  if (!(METRICS as readonly string[]).includes(name)) {
    throw new GateSyntaxError(`invalid gate "${text}": unknown metric "${name}"; use remaining, consumed, sli(W), error(W) or burn(W)`);
  }
  const metric = name as GateMetric;
  let windowMs: number | null = null;
  if (windowText !== undefined) {
    if (metric === 'remaining' || metric === 'consumed') {
      throw new GateSyntaxError(`invalid gate "${text}": ${metric} is over the SLO period and takes no window`);
    }
    try {
      windowMs = parseDuration(windowText);
    } catch (e) {
      if (e instanceof TimeSyntaxError) throw new GateSyntaxError(`invalid gate "${text}": ${e.message}`);
      throw e;
    }
    if (windowMs <= 0) throw new GateSyntaxError(`invalid gate "${text}": the window must be positive`);
  } else if (metric === 'burn') {
    throw new GateSyntaxError(`invalid gate "${text}": burn needs a window, e.g. burn(1h)>2`);
  }
  const value = Number(number);
  return {
    text: text.trim(),
    severity: warn ? 'warn' : 'breach',
    metric,
    windowMs,
    op: op as GateOperator,
    threshold: percent ? Number((value / 100).toPrecision(12)) : value,
  };
}

/** What a gate reads from an evaluated SLO. */
export interface GateInputs {
  remaining: number | null;
  consumed: number | null;
  /** By window ms; null key: the SLO period. */
  sli(windowMs: number | null): number | null;
  errorRatio(windowMs: number | null): number | null;
  burn(windowMs: number | null): number | null;
}

export interface GateResult {
  gate: Gate;
  /** null when the window had no data: the gate then does not fire (like an alert rule on NaN). */
  value: number | null;
  firing: boolean;
}

export function evaluateGate(gate: Gate, inputs: GateInputs): GateResult {
  const value = gateValue(gate, inputs);
  return { gate, value, firing: value !== null && compare(value, gate.op, gate.threshold) };
}

function gateValue(gate: Gate, inputs: GateInputs): number | null {
  switch (gate.metric) {
    case 'remaining':
      return inputs.remaining;
    case 'consumed':
      return inputs.consumed;
    case 'sli':
      return inputs.sli(gate.windowMs);
    case 'error':
      return inputs.errorRatio(gate.windowMs);
    case 'burn':
      return inputs.burn(gate.windowMs);
  }
}

function compare(value: number, op: GateOperator, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/** The metric as shown in messages, with its window normalised: `burn(1h)`, `sli`. */
export function gateMetricLabel(gate: Gate): string {
  return gate.windowMs === null ? gate.metric : `${gate.metric}(${promRange(gate.windowMs)})`;
}

/** A threshold as the gate's author wrote it: fractions of budget and SLIs in percent. */
export function gateThresholdLabel(gate: Gate): string {
  return gate.metric === 'burn' ? promNumber(gate.threshold) : `${promNumber(gate.threshold * 100)}%`;
}
