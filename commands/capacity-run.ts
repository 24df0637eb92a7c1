import { isAbsolute, relative } from 'node:path';
import { checkCapacity } from '../src/capacity/check.js';
import { reportJson, resourceName, trendText, usedText, whenText } from '../src/capacity/format.js';
import { runsOut, type CapacityItem } from '../src/capacity/items.js';
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
  const prometheus = (await s.backends()).prometheus;
  const warnings = new Set<string>();
  const report = await checkCapacity(
    {
      queryRange: async (promql, range) => {
        const answer = await prometheus.queryRange(promql, range);
        for (const w of answer.warnings) warnings.add(w);
        return answer;
      },
      evaluateSlos: async (when) => {
        const slos = await loadSpecs(s, { file: o.file }, { optional: true });
        return slos.length === 0 ? null : (await evaluate(s, slos, when, [])).results;
      },
    },
    { at, sinceMs, withinMs },
  );
  for (const w of warnings) s.warn(`warning from prometheus: ${sanitize(w)}`);
  for (const f of report.failures) s.warn(sanitize(f, { maxLength: 500 }));
  const when = (pick: (i: CapacityItem) => number | null) => (i: CapacityItem) => whenText(pick(i), i, report.at, report.lookaheadMs);
  s.output(report.items, [
    { header: 'KIND', value: (i: CapacityItem) => i.kind },
    { header: 'RESOURCE', value: resourceName },
    { header: 'USED', value: usedText, align: 'right' },
    { header: 'TREND', value: trendText, align: 'right' },
    { header: 'EARLIEST', value: when((i) => i.earliest), align: 'right' },
    { header: 'LIKELY', value: when((i) => i.likely), align: 'right' },
    { header: 'LATEST', value: when((i) => i.latest), align: 'right' },
    { header: 'STATUS', value: (i) => i.status },
    // A budget's source is its spec file: shown from here, as a person would open it.
    { header: 'SOURCE', value: (i) => sanitize(isAbsolute(i.source) ? relative(process.cwd(), i.source) : i.source, { maxLength: 200 }) },
  ], reportJson(report));
  if (runsOut(report.items)) throw new ExitWith(EXIT.checkFailed);
  if (report.failures.length > 0) throw new ExitWith(EXIT.backend);
}
