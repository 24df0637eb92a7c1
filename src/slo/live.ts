/**
 * SLOs for the live cockpit (`obs top`, boards): the SLO list, a service's SLOs, and the worst budget
 * per service all come from one evaluation, kept for a minute. SLO windows span hours to days, so a
 * fresher answer changes little, while each evaluation costs a dozen queries per SLO.
 */
import type { PrometheusClient } from '../backends/prometheus/client.js';
import type { SloItem } from '../cockpit/types.js';
import type { Context } from '../config/types.js';
import type { SloResult } from './assess.js';
import { evaluateBurn, evaluateSlos, type QueryFn, type SloReport } from './evaluate.js';
import { loadSloFiles, type SloLoadResult } from './load.js';
import { sloSpecPaths } from './locate.js';
import { prometheusQuery } from './prometheus.js';
import type { SloDefinition, Verdict } from './types.js';

export interface SloCockpit {
  /** Every SLO, worst first (BREACHED, NO_DATA, WARNING, OK; then least budget left). */
  slos(): Promise<SloItem[]>;
  serviceSlos(service: string): Promise<SloItem[]>;
  /** The lowest remaining budget among each service's SLOs (services without data are absent); rejects when Prometheus failed an SLO. */
  budgetByService(): Promise<Record<string, number>>;
  /** The highest 1h burn rate among each service's SLOs: what `burnByService` asks, from the shared report. */
  burnByService(): Promise<Record<string, number>>;
}

/** How long one evaluation serves every panel that asks. */
export const SLO_REPORT_MAX_AGE_MS = 60_000;

export function sloCockpit(prometheus: PrometheusClient, slos: SloDefinition[], now: () => number): SloCockpit {
  return sloCockpitFrom(prometheusQuery(prometheus), slos, now);
}

/** The same over any instant-query function (tests, other backends). */
export function sloCockpitFrom(query: QueryFn, slos: readonly SloDefinition[], now: () => number, maxAgeMs = SLO_REPORT_MAX_AGE_MS): SloCockpit {
  let last: { at: number; report: Promise<SloReport> } | undefined;
  const report = (): Promise<SloReport> => {
    const t = now();
    if (last && t - last.at >= 0 && t - last.at < maxAgeMs) return last.report;
    const evaluation = evaluateSlos(slos, query, { at: t });
    const entry = { at: t, report: evaluation };
    last = entry;
    // A failed evaluation is not kept, nor one where Prometheus failed some SLOs: the next refresh tries again.
    const forget = () => {
      if (last === entry) last = undefined;
    };
    evaluation.then((r) => backendFailure(r) && forget(), forget);
    return evaluation;
  };
  const items = async () => sortWorstFirst((await report()).results).map(sloItem);
  return {
    slos: items,
    serviceSlos: async (service) => (await items()).filter((s) => s.service === service),
    async budgetByService() {
      const evaluated = await report();
      // A budget whose queries failed is unknown, never "no data": the caller shows `?`.
      const failed = backendFailure(evaluated);
      if (failed) throw new Error(`SLO ${failed.slo.name}: ${failed.error!.message}`);
      const worst: Record<string, number> = {};
      for (const r of evaluated.results) {
        if (!r.budget) continue;
        const service = r.slo.service;
        worst[service] = Math.min(worst[service] ?? Infinity, r.budget.remaining);
      }
      return worst;
    },
    async burnByService() {
      const burn: Record<string, number> = {};
      for (const r of (await report()).results) {
        if (r.currentBurn !== null && r.currentBurn > (burn[r.slo.service] ?? -Infinity)) burn[r.slo.service] = r.currentBurn;
      }
      return burn;
    },
  };
}

/** The first SLO that Prometheus could not answer for (a spec problem or plain lack of data is not that). */
function backendFailure(report: SloReport): SloResult | undefined {
  return report.results.find((r) => r.error !== null && r.error.kind !== 'spec' && r.error.kind !== 'no_data');
}

export function sloItem(r: SloResult): SloItem {
  return {
    name: r.slo.name,
    service: r.slo.service,
    objective: r.slo.objective,
    sli: r.sli ?? undefined,
    budgetRemaining: r.budget?.remaining,
    burnRates: Object.fromEntries(Object.entries(r.burnRates).map(([w, v]) => [w, v ?? undefined])),
    verdict: r.verdict,
  };
}

const RANK: Record<Verdict, number> = { BREACHED: 0, NO_DATA: 1, WARNING: 2, OK: 3 };

function sortWorstFirst(results: readonly SloResult[]): SloResult[] {
  const left = (r: SloResult) => r.budget?.remaining ?? Number.MAX_VALUE;
  return [...results].sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || left(a) - left(b));
}

/**
 * The specs of a context: its `sloDir` (relative to `configFile`'s directory when given, else to
 * `cwd`), else `./slos` and `./slo` under `cwd`. No specs anywhere is no SLOs, not an error.
 */
export async function loadContextSlos(context: Context, cwd: string, configFile?: string): Promise<SloLoadResult> {
  const found = sloSpecPaths({ sloDir: context.sloDir, configFile, cwd });
  return found ? loadSloFiles(found.paths) : { slos: [], problems: [] };
}

/**
 * The highest 1h burn rate among each service's SLOs, for alert-correlation evidence: two queries
 * per SLO, none over the long windows.
 */
export async function burnByService(query: QueryFn, slos: readonly SloDefinition[], at: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { slo, burn } of await evaluateBurn(slos, query, { at, windowMs: 3_600_000 })) {
    if (slo.service && burn > (out[slo.service] ?? -Infinity)) out[slo.service] = burn;
  }
  return out;
}
