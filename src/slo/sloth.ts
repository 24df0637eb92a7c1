/**
 * Sloth specs: `version: "prometheus/v1"` files and the `sloth.slok.dev/v1` PrometheusServiceLevel
 * resource (same body under `spec`). Each `slos[]` entry with `sli.events` becomes one SloDefinition
 * named `<service>-<name>` (Sloth's own SLO id), over Sloth's default 30-day rolling period.
 */
import { objectivePercent, queryTemplate } from './spec-fields.js';
import { SpecProblems, type SpecNode } from './spec-node.js';
import type { SloDefinition } from './types.js';

const SLOTH_PERIOD = { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 } as const;

/** `body` is the document itself (prometheus/v1) or its `spec` (PrometheusServiceLevel). */
export function readSlothSpec(body: SpecNode): SloDefinition[] {
  const service = body.require('service').string();
  const list = body.require('slos');
  const slos = list.items();
  if (slos.length === 0) list.fail('needs at least one SLO');
  // Each SLO entry is read on after another fails, so one run names a problem of every entry.
  const problems = new SpecProblems();
  const read = slos.map((slo) => problems.take((): SloDefinition => {
    const sli = slo.require('sli');
    if (sli.has('raw')) sli.require('raw').fail('raw error-ratio SLIs are not supported: obs divides event counts itself; use sli.events');
    if (sli.has('plugin')) sli.require('plugin').fail('SLI plugins are not supported; use sli.events with error_query and total_query');
    const events = sli.require('events');
    return {
      name: `${service}-${slo.require('name').string()}`,
      service,
      description: slo.optionalString('description') ?? '',
      objective: objectivePercent(slo.require('objective')),
      period: SLOTH_PERIOD,
      budgeting: { method: 'Occurrences' },
      indicator: {
        kind: 'ratio',
        numerator: 'bad',
        numeratorQuery: queryTemplate(events.require('error_query')),
        totalQuery: queryTemplate(events.require('total_query')),
      },
      format: 'sloth',
      source: slo.location,
    };
  }));
  problems.throwIfAny();
  return read as SloDefinition[];
}
