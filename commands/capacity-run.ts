import { anyPartial, warnedPrometheus } from '../src/backends/prometheus/warnings.js';
import { checkCapacity } from '../src/capacity/check.js';
import { rangeText, reportJson, resourceName, trendText, usedText, whenText } from '../src/capacity/format.js';
import { runsOut, type CapacityItem } from '../src/capacity/items.js';
import { fieldColumns } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { parseDuration, parseTime } from '../src/time/time.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';
import { evaluate, loadSpecs } from './slo-run.js';

export interface CapacityFlags {
  within?: string;
  since?: string;
  at?: string;
  file?: string[];
}

export async function runCapacity(s: Session, o: CapacityFlags): Promise<void> {
  const withinMs = parseDuration(o.within ?? '7d');
  const sinceMs = parseDuration(o.since ?? '7d');
  const now = s.io.now();
  const at = o.at ? parseTime(o.at, now) : Math.floor(now / 1000) * 1000;
  s.format();
  // Spec problems are the user's to fix (exit 2), found before any query is made.
  const slos = await loadSpecs(s, { file: o.file }, { optional: true });
  const { prometheus, warnings } = warnedPrometheus((await s.backends()).prometheus);
  const sloWarnings = new Set<string>();
  const report = await checkCapacity(
    {
      queryRange: (promql, range) => prometheus.queryRange(promql, range),
      evaluateSlos: async (when) => {
        if (slos.length === 0) return null;
        const evaluated = await evaluate(s, slos, when, []);
        for (const w of evaluated.warnings) sloWarnings.add(w);
        return evaluated.results;
      },
    },
    { at, sinceMs, withinMs },
  );
  const allWarnings = [...new Set([...warnings, ...sloWarnings])];
  s.tellWarnings('prometheus', allWarnings);
  for (const f of report.failures) s.warn(sanitize(f, { maxLength: 500 }));
  const json = { ...reportJson(report), warnings: allWarnings };
  // CSV is the resources as data: used and trendPerDay as ratios (counts for a queue), times RFC3339.
  if (s.format() === 'csv') s.output(json.resources.map((r, i) => ({ resource: resourceName(report.items[i]!), ...r })), fieldColumns(['resource', 'kind', 'source', 'status', 'used', 'trendPerDay', 'earliest', 'likely', 'latest', 'note']), json);
  else s.output(report.items, [
    { header: 'RESOURCE', value: (i: CapacityItem) => `${i.kind} ${resourceName(i)}` },
    { header: 'USED', value: usedText, align: 'right' },
    { header: 'TREND', value: trendText, align: 'right' },
    { header: 'RUNS OUT', value: (i) => whenText(i.likely, i, report.at, report.lookaheadMs), align: 'right' },
    { header: 'RANGE', value: (i) => rangeText(i, report.at, report.lookaheadMs), align: 'right' },
    { header: 'STATUS', value: (i) => i.status },
  ], json);
  if (runsOut(report.items)) throw new ExitWith(EXIT.checkFailed);
  if (report.failures.length > 0 || anyPartial(allWarnings)) throw new ExitWith(EXIT.backend);
}
