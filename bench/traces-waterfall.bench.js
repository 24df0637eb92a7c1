// Speed of `obs traces show` on a large trace: an api_v3 (OTLP/JSON) answer of N spans normalised,
// turned into a tree, its critical path and deepest failing span found, folded to a screen, laid out
// and rendered; and the same trace fully unfolded.
// Usage: node bench/traces-waterfall.bench.js [spans]   (default 5,000; needs `npm run build`)
import { measure as measureRuns } from './measure.js';
import {
  buildSpanTree, criticalPath, deepestFailingSpan, foldToFit, layoutWaterfall, normalizeOtlpTraces, renderWaterfall,
} from '../dist/src/traces/index.js';

const total = Number(process.argv[2] ?? 5000);
const RUNS = 7;

/** A fan-out trace: each span has 0-6 children, 12 services, 1 in 200 spans failing. */
function otlpTrace(n) {
  let seed = 0x5eed;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const hex = (i, len) => i.toString(16).padStart(len, '0');
  const t0 = 1714557600000000000n;
  const spans = [{ id: 0, parent: -1, start: 0, dur: 10_000_000 }];
  for (let i = 1; i < n; i++) {
    const parent = spans[Math.floor(random() * Math.min(i, 1 + i / 3))];
    const start = parent.start + Math.floor(random() * parent.dur * 0.5);
    spans.push({ id: i, parent: parent.id, start, dur: Math.max(1, Math.floor((parent.start + parent.dur - start) * random())) });
  }
  const byService = new Map();
  for (const s of spans) {
    const service = `service-${s.id % 12}`;
    const otlp = {
      traceId: 'a'.repeat(32), spanId: hex(s.id + 1, 16), name: `GET /api/v1/resource/${s.id % 40}`, kind: 2,
      startTimeUnixNano: String(t0 + BigInt(s.start) * 1000n), endTimeUnixNano: String(t0 + BigInt(s.start + s.dur) * 1000n),
      attributes: [{ key: 'http.response.status_code', value: { intValue: s.id % 200 === 7 ? '503' : '200' } }],
      status: s.id % 200 === 7 ? { code: 2, message: 'upstream failed' } : {},
    };
    if (s.parent >= 0) otlp.parentSpanId = hex(s.parent + 1, 16);
    if (!byService.has(service)) byService.set(service, []);
    byService.get(service).push(otlp);
  }
  return {
    result: {
      resourceSpans: [...byService].map(([service, list]) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ spans: list }],
      })),
    },
  };
}

const measure = (label, fn) => measureRuns(label, fn, RUNS, 46);

const body = JSON.parse(JSON.stringify(otlpTrace(total)));
const [trace] = measure(`${total} spans: normalise OTLP/JSON`, () => normalizeOtlpTraces(body));
const tree = measure(`${total} spans: build tree`, () => buildSpanTree(trace));
const critical = measure(`${total} spans: critical path`, () => criticalPath(tree));
const failing = measure(`${total} spans: deepest failing span`, () => deepestFailingSpan(tree, critical));
const folded = measure(`${total} spans: fold + layout + render (24 rows)`, () => {
  const collapsed = foldToFit(tree, 20, [...critical.spanIds, failing?.span.spanId ?? '']);
  return renderWaterfall(layoutWaterfall(tree, { width: 80, collapsed, critical }));
});
const full = measure(`${total} spans: layout + render unfolded`, () => renderWaterfall(layoutWaterfall(tree, { width: 120, critical })));
console.log(`  -> critical path ${critical.spanIds.size} spans, folded view ${folded.length} lines, unfolded ${full.length} lines`);
