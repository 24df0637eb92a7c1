/**
 * `obs slo explain NAME`: every query run, every value returned, and the arithmetic from those
 * values to the verdict, so anyone can redo it by hand.
 */
import { sanitize } from '../../output/sanitize.js';
import type { SloResult, WindowResult } from '../assess.js';
import { MIN_DATA_COVERAGE } from '../plan.js';
import { decimal, instant, measured, percent, raw, span } from '../format.js';
import { gateMetricLabel, gateThresholdLabel } from '../gates.js';
import { allowedErrorRatio } from '../math.js';
import { promNumber, promRange } from '../promql.js';

/** Up to 6 significant digits, for intermediate arithmetic. */
function n(x: number): string {
  return promNumber(Number(x.toPrecision(6)));
}

export function formatExplain(r: SloResult): string {
  const slo = r.slo;
  const budgetTotal = allowedErrorRatio(slo.objective);
  const out: string[] = [
    `${slo.name}  (service ${slo.service}; ${slo.format} spec ${slo.source.file}:${slo.source.line})`,
  ];
  if (slo.description) out.push(slo.description);
  const periodKind = slo.period.kind === 'rolling' ? 'rolling' : `calendar, from ${slo.period.startTime} ${slo.period.timeZone}`;
  out.push(
    `objective ${percent(slo.objective)} over ${slo.period.label} (${periodKind}); error budget = 1 - ${n(slo.objective)} = ${n(budgetTotal)}`,
    `evaluated at ${instant(r.at)}; period ${instant(r.periodStart)} → ${instant(r.periodEnd)}`,
  );
  if (slo.budgeting.method === 'Timeslices') {
    out.push(
      `budgeting: Timeslices: values count ${promRange(slo.budgeting.sliceMs)} slices with traffic; a slice is good when its ratio >= ${n(slo.budgeting.sliceTarget)}`,
    );
  }
  if (r.error) out.push('', `could not evaluate (${r.error.kind}): ${r.error.message}`);
  if (r.coverage) {
    const covered = r.coverage.coveredMs === null ? 'unknown (the query failed)' : `${measured(r.coverage.coveredMs)} of ${slo.period.label} = ${percent(r.coverage.ratio, 1)}`;
    out.push('', `data coverage (steps of ${promRange(r.coverage.stepMs)} with data × ${promRange(r.coverage.stepMs)}; below ${percent(MIN_DATA_COVERAGE, 0)} the verdict warns)`, `  ${r.coverage.query}`, `  covered: ${covered}`);
  }

  for (const w of r.windows) out.push('', ...explainWindow(w, budgetTotal));

  if (r.budget) {
    out.push(
      '',
      `budget over ${slo.period.label}: consumed = ${n(r.errorRatio!)} / ${n(budgetTotal)} = ${percent(r.budget.consumed, 2)}; ` +
        `remaining = 1 - ${n(r.budget.consumed)} = ${percent(r.budget.remaining, 2)}`,
    );
  }
  if (r.alerts.length > 0) {
    out.push('', `alerts (threshold = budget% × ${slo.period.label} / long window; both windows must exceed it):`);
    for (const a of r.alerts) {
      const windows = `${promRange(a.longMs)} & ${promRange(a.shortMs)}`.padEnd(9);
      out.push(
        `  ${a.severity.padEnd(6)} ${windows} > ${decimal(a.threshold, 4).padEnd(6)} (${a.budgetPercent}% of budget): ` +
          `${decimal(a.longBurn)} & ${decimal(a.shortBurn)} → ${a.firing ? 'FIRING' : 'not firing'}`,
      );
    }
  }
  if (r.gates.length > 0) {
    out.push('', 'gates:');
    for (const g of r.gates) {
      const value = g.value === null ? 'no data' : g.gate.metric === 'burn' ? decimal(g.value) : percent(g.value);
      out.push(
        `  ${g.gate.text}: ${gateMetricLabel(g.gate)} = ${value} ${g.gate.op} ${gateThresholdLabel(g.gate)} → ${g.firing ? (g.gate.severity === 'breach' ? 'FAILED' : 'WARNS') : 'passes'}`,
      );
    }
  }
  if (r.budget && r.currentBurn !== null) {
    const when =
      r.exhaustsAt === null
        ? r.budget.remaining > 0 && r.currentBurn > 0
          ? 'after the period ends'
          : 'never at this rate'
        : r.exhaustsAt === r.at
          ? 'already exhausted'
          : `${instant(r.exhaustsAt)} (in ${span(r.exhaustsAt - r.at)})`;
    out.push('', `exhaustion: remaining ${n(r.budget.remaining)} × ${slo.period.label} / burn(1h) ${n(r.currentBurn)} → ${when}`);
  }
  out.push('', `verdict: ${r.verdict}`, ...r.reasons.map((reason) => `  - ${reason}`));
  return `${sanitize(out.join('\n'), { multiline: true, maxLength: 0 })}\n`;
}

function explainWindow(w: WindowResult, budgetTotal: number): string[] {
  const title = w.isPeriod ? `window ${w.label} (the period${w.range !== w.label ? `, ${w.range} so far` : ''})` : `window ${w.label}`;
  const lines = [
    title,
    `  ${w.numerator.kind.padEnd(5)}  ${w.numerator.query}`,
    `         = ${raw(w.numerator.value)}${w.numerator.value === null ? ' (counted as 0)' : ''}`,
    `  total  ${w.total.query}`,
    `         = ${raw(w.total.value)}`,
    `  data coverage ${percent(w.coverage, 1)}`,
  ];
  if (w.errorRatio === null || w.sli === null) {
    lines.push(`  no data: ${w.total.value === null ? 'no total series' : 'no traffic in this window'}`);
    return lines;
  }
  const num = w.numerator.value ?? 0;
  const total = w.total.value!;
  if (w.numerator.kind === 'bad') {
    lines.push(`  error ratio = ${num} / ${total} = ${n(w.errorRatio)}`, `  SLI         = 1 - ${n(w.errorRatio)} = ${percent(w.sli, 4)}`);
  } else {
    lines.push(`  SLI         = ${num} / ${total} = ${percent(w.sli, 4)}`, `  error ratio = 1 - ${n(w.sli)} = ${n(w.errorRatio)}`);
  }
  lines.push(`  burn rate   = ${n(w.errorRatio)} / ${n(budgetTotal)} = ${n(w.burnRate!)}`);
  return lines;
}
