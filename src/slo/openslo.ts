/**
 * OpenSLO v1 (`apiVersion: openslo/v1`): `kind: SLO` with an inline `indicator` or an
 * `indicatorRef` to a `kind: SLI` document, read into SloDefinitions.
 *
 * Supported indicators:
 * - `ratioMetric` with `good`/`total` or `bad`/`total`, each `metricSource.spec.query` in PromQL;
 * - `thresholdMetric` whose query selects a histogram's `_bucket` series, with an objective
 *   `op: lte` and `value: <threshold>`: good = the bucket with that `le`, total = the `+Inf` bucket.
 */
import { isValidStartTime, isValidTimeZone, nominalCalendarMs } from './calendar.js';
import { promqlSyntaxError, selectorHasLabel, selectorMetricName, isBareSelector } from './promql.js';
import { durationMs, objectiveFraction, objectivePercent, queryTemplate } from './spec-fields.js';
import { SpecProblems, type SpecNode } from './spec-node.js';
import type { Budgeting, CalendarUnit, Indicator, SloDefinition, SloPeriod } from './types.js';

const PROMETHEUS_SOURCES = new Set(['prometheus', 'thanos', 'mimir', 'cortex']);

/** Looks up a `kind: SLI` document's `spec` by `metadata.name`. */
export type SliLookup = (name: string) => SpecNode | undefined;

/** Read one `kind: SLO` document (one SloDefinition per objective). */
export function readOpenSloSlo(doc: SpecNode, findSli: SliLookup): SloDefinition[] {
  // Each part is read on after another fails, so one run names every problem of the document.
  const problems = new SpecProblems();
  const name = problems.take(() => doc.require('metadata').require('name').string());
  const spec = doc.require('spec');
  const service = problems.take(() => spec.require('service').string());
  const description = problems.take(() => spec.optionalString('description')) ?? '';
  const indicatorSpec = problems.take(() => indicatorSpecOf(spec, findSli));
  const period = problems.take(() => readTimeWindow(spec));
  const methodName = problems.take(() => readBudgetingMethod(spec));
  const objectives = problems.take(() => {
    const items = spec.require('objectives').items();
    if (items.length === 0) spec.require('objectives').fail('needs at least one objective');
    return items;
  }) ?? [];
  const slos = objectives.map((objective, i) => {
    const target = problems.take(() => readTarget(objective));
    const budgeting = problems.take((): Budgeting => (methodName === 'Timeslices' ? readTimeslices(objective) : { method: 'Occurrences' }));
    const indicator = indicatorSpec && problems.take(() => readIndicator(indicatorSpec, objective));
    return {
      name: objectives.length === 1 ? name : `${name}-${slug(objective.optionalString('displayName')) || i + 1}`,
      service,
      description,
      objective: target,
      period,
      budgeting,
      indicator,
      format: 'openslo',
      source: doc.location,
    };
  });
  problems.throwIfAny();
  // Every part was read (throwIfAny would have thrown otherwise).
  return slos as SloDefinition[];
}

function readBudgetingMethod(spec: SpecNode): 'Occurrences' | 'Timeslices' {
  const method = spec.get('budgetingMethod');
  const methodName = method?.string() ?? 'Occurrences';
  if (methodName === 'Occurrences' || methodName === 'Timeslices') return methodName;
  return method!.fail(`budgetingMethod "${methodName}" is not supported: use Occurrences or Timeslices`);
}

function indicatorSpecOf(spec: SpecNode, findSli: SliLookup): SpecNode {
  const inline = spec.get('indicator');
  const ref = spec.get('indicatorRef');
  if (inline && ref) ref.fail('give either indicator or indicatorRef, not both');
  if (inline) return inline.require('spec');
  if (!ref) spec.fail('needs an indicator (inline) or an indicatorRef (the name of a kind: SLI document)');
  const found = findSli(ref.string());
  if (!found) return ref.fail(`no kind: SLI document named "${ref.string()}" was loaded`);
  return found;
}

function readTarget(objective: SpecNode): number {
  const target = objective.get('target');
  const percent = objective.get('targetPercent');
  if (target && percent) percent.fail('give target or targetPercent, not both');
  if (target) return objectiveFraction(target);
  if (percent) return objectivePercent(percent);
  objective.fail('needs a target (e.g. 0.999) or targetPercent (e.g. 99.9)');
}

function readTimeslices(objective: SpecNode): Budgeting {
  const target = objective.require('timeSliceTarget');
  const sliceTarget = target.number();
  if (!(sliceTarget > 0 && sliceTarget <= 1)) target.fail(`must be in (0, 1] (got ${sliceTarget})`);
  return { method: 'Timeslices', sliceTarget, sliceMs: durationMs(objective.require('timeSliceWindow')) };
}

const CALENDAR_DURATION = /^(\d+)([dwMQY])$/;

function readTimeWindow(spec: SpecNode): SloPeriod {
  const list = spec.require('timeWindow');
  const windows = list.items();
  if (windows.length !== 1) list.fail(`needs exactly one time window (got ${windows.length})`);
  const w = windows[0];
  const durationNode = w.require('duration');
  const duration = durationNode.string();
  const calendar = w.get('calendar');
  const isRolling = w.get('isRolling')?.boolean() ?? !calendar;

  if (isRolling) {
    if (calendar) calendar.fail('a rolling window (isRolling: true) has no calendar');
    if (/[MQY]$/.test(duration)) durationNode.fail(`a rolling window needs a fixed length such as 30d or 4w, not "${duration}"`);
    return { kind: 'rolling', label: duration, ms: durationMs(durationNode) };
  }
  if (!calendar) return w.fail('a calendar window (isRolling: false) needs calendar: {startTime, timeZone}');
  const m = CALENDAR_DURATION.exec(duration);
  if (!m || Number(m[1]) < 1) {
    return durationNode.fail(`a calendar window is a whole number of d, w, M (months), Q or Y, e.g. 1M or 1w; got "${duration}"`);
  }
  const startNode = calendar.require('startTime');
  const startTime = startNode.string();
  if (!isValidStartTime(startTime)) startNode.fail(`invalid startTime "${startTime}": expected e.g. 2024-01-01 00:00:00`);
  const zoneNode = calendar.get('timeZone');
  const timeZone = zoneNode?.string() ?? 'UTC';
  if (!isValidTimeZone(timeZone)) zoneNode!.fail(`unknown time zone "${timeZone}": expected an IANA name such as Europe/Paris or UTC`);
  const unit = m[2] as CalendarUnit;
  const count = Number(m[1]);
  return { kind: 'calendar', label: duration, ms: nominalCalendarMs(unit, count), unit, count, startTime, timeZone };
}

function readIndicator(sli: SpecNode, objective: SpecNode): Indicator {
  const ratio = sli.get('ratioMetric');
  const threshold = sli.get('thresholdMetric');
  if (ratio && threshold) threshold.fail('give ratioMetric or thresholdMetric, not both');
  if (ratio) return readRatioMetric(ratio);
  if (threshold) return readHistogramThreshold(threshold, objective);
  sli.fail('needs ratioMetric (good/total or bad/total) or thresholdMetric (a histogram _bucket selector)');
}

function readRatioMetric(ratio: SpecNode): Indicator {
  const raw = ratio.get('raw');
  if (raw) raw.fail('raw ratios are not supported: obs divides event counts itself; give good/total or bad/total');
  const good = ratio.get('good');
  const bad = ratio.get('bad');
  if (good && bad) bad.fail('give good or bad, not both');
  const numerator = good ?? bad;
  if (!numerator) ratio.fail('needs good or bad, and total');
  return {
    kind: 'ratio',
    numerator: good ? 'good' : 'bad',
    numeratorQuery: queryTemplate(prometheusQuery(numerator)),
    totalQuery: queryTemplate(prometheusQuery(ratio.require('total'))),
  };
}

function prometheusQuery(metric: SpecNode): SpecNode {
  const source = metric.require('metricSource');
  const type = source.get('type');
  if (type && !PROMETHEUS_SOURCES.has(type.string().toLowerCase())) {
    type.fail(`metric source type "${type.string()}" is not supported: obs queries Prometheus-compatible backends`);
  }
  return source.require('spec').require('query');
}

function readHistogramThreshold(threshold: SpecNode, objective: SpecNode): Indicator {
  const queryNode = prometheusQuery(threshold);
  const selector = queryNode.string();
  const syntax = promqlSyntaxError(selector);
  if (syntax) queryNode.fail(syntax);
  if (!isBareSelector(selector) || !selectorMetricName(selector)?.endsWith('_bucket')) {
    queryNode.fail(`a thresholdMetric query must select a histogram's _bucket series, e.g. http_request_duration_seconds_bucket{service="api"}; got: ${selector}`);
  }
  if (selectorHasLabel(selector, 'le')) queryNode.fail('leave out the le matcher: obs picks the bucket from the objective value');
  const op = objective.require('op');
  if (op.string() !== 'lte' && op.string() !== 'lt') {
    op.fail(`a histogram counts requests at or below a bucket boundary: use op: lte (got "${op.string()}")`);
  }
  const valueNode = objective.require('value');
  const value = /^\+?Inf(inity)?$/i.test(valueNode.string()) ? Infinity : valueNode.number();
  if (value < 0) valueNode.fail(`a latency threshold cannot be negative (got ${value})`);
  return { kind: 'latency', bucketSelector: selector, threshold: value, thresholdAt: valueNode.location };
}

function slug(text: string | undefined): string {
  return (text ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
