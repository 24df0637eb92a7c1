/**
 * The evidence sources of a context that the live analysis (live-analysis.ts) ranks with: the 1h SLO
 * burn per service from the context's SLO specs, and the new log patterns of the suspects. `obs alerts
 * correlate` and `obs incident open` build them here, so both rank a storm from the same evidence.
 * Loki's service label and the log modules start loading at once; the SLO specs (YAML to parse, a
 * second of CPU on a busy machine) only when the final ranking asks for its evidence, so that they load
 * while the suspects' evidence is on its way, not while the alerts are, and before the evidence
 * budget's clock runs (`sloSpecs`).
 */
import type { Backends } from '../backends/index.js';
import type { ServiceIdentity } from '../identity/identity.js';
import type { LokiLogs } from '../logs/from-loki.js';
import type { QueryFn } from '../slo/evaluate.js';
import type { SloDefinition } from '../slo/types.js';
import type { LiveAnalysisOptions } from './live-analysis.js';
import { EVIDENCE_BUDGET, type EvidenceWindow } from './live.js';

export type LiveEvidenceSources = Pick<LiveAnalysisOptions, 'sloBurn' | 'sloSpecs' | 'newLogPatterns'>;

export function liveEvidenceSources(
  backends: Backends,
  identity: ServiceIdentity,
  o: { now: number; slos: () => Promise<readonly SloDefinition[]>; /** Shared with other SLO evaluations at `now` (sharedQuery); default its own. */ query?: QueryFn },
): LiveEvidenceSources {
  const sources: LiveEvidenceSources = {};
  if (backends.has('prometheus')) {
    let loading: Promise<[readonly SloDefinition[], typeof import('../slo/live.js'), typeof import('../slo/prometheus.js')]> | undefined;
    const load = () => (loading ??= Promise.all([o.slos(), import('../slo/live.js'), import('../slo/prometheus.js')]));
    sources.sloSpecs = load;
    sources.sloBurn = async () => {
      const [slos, { burnByService }, { prometheusQuery }] = await load();
      return slos.length ? burnByService(o.query ?? prometheusQuery(backends.prometheus), slos, o.now) : {};
    };
  }
  if (backends.has('loki')) sources.newLogPatterns = logPatternSource(backends, identity);
  return sources;
}

/** How many log patterns of each suspect are new in the window: Loki's label and the module load at once. */
export function logPatternSource(backends: Backends, identity: ServiceIdentity): NonNullable<LiveEvidenceSources['newLogPatterns']> {
  const ready = Promise.all([identity.logStreamOf(), import('../logs/live.js')]);
  // Not awaited before the alerts are read: a failure is the log-patterns source's to report.
  ready.catch(() => undefined);
  return async (services: string[], window: EvidenceWindow, signal: AbortSignal) => {
    const [stream, { newPatternsByService }] = await ready;
    const loki = backends.loki;
    const abandoning: LokiLogs = {
      queryRange: (logql, o) => loki.queryRange(logql, { ...o, signal }),
      patterns: (query, o) => loki.patterns(query, { ...o, signal }),
      query: (logql, o) => loki.query(logql, { ...o, signal }),
    };
    return newPatternsByService(abandoning, services, window, { stream, slices: EVIDENCE_BUDGET.logBaselineSlices });
  };
}
