import { readdirSync, readFileSync } from 'node:fs';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { boardPanels, type Board } from './model.js';
import { parseBoard } from './parse.js';
import { planRefresh } from './plan.js';
import { boardToYaml } from './serialize.js';
import { substitute } from './substitute.js';
import { builtinScope } from './builtins.js';

/** The series the demo world (src/sim) serves; the shipped boards may use no others. */
const SIM_METRICS = new Set([
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'up',
  'db_connections_in_use',
  'db_connections_max',
  'cache_hits_total',
  'cache_requests_total',
  'queue_depth',
  'inference_requests_total',
  'inference_duration_seconds_bucket',
  'inference_tokens_total',
  'inference_cost_dollars_total',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
]);

const DIR = new URL('../../boards/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

function load(file: string): Board {
  const { board, problems } = parseBoard(readFileSync(new URL(file, DIR), 'utf8'), `boards/${file}`);
  expect(problems).toEqual([]);
  return board!;
}

function metricNames(expr: string): string[] {
  const names: string[] = [];
  promqlParser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  return names;
}

describe('the boards shipped in boards/', () => {
  it('are the three demo boards', () => {
    expect(FILES.sort()).toEqual(['ai-performance.yaml', 'capacity.yaml', 'platform-health.yaml']);
  });

  it.each(FILES)('%s parses, and round-trips through the serialiser', (file) => {
    const board = load(file);
    expect(parseBoard(boardToYaml(board), file).board).toEqual(board);
  });

  it.each(FILES)('%s uses only metrics the demo world serves', (file) => {
    const board = load(file);
    const scope = {
      ...builtinScope({ rangeMs: 3_600_000, stepMs: 15_000, scrapeIntervalMs: 15_000 }),
      ...Object.fromEntries(board.variables.map((v) => [v.name, { values: ['x'] }])),
    };
    const used = new Set<string>();
    for (const panel of boardPanels(board)) {
      if (!('queries' in panel)) continue;
      for (const q of panel.queries) if (q.source === 'prometheus') for (const m of metricNames(substitute(q.expr, scope))) used.add(m);
    }
    for (const v of board.variables) if (v.kind === 'query') used.add(/label_values\((\w+)/.exec(v.query)![1]);
    expect([...used].filter((m) => !SIM_METRICS.has(m))).toEqual([]);
    expect(used.size).toBeGreaterThan(1);
  });

  it('need few requests per refresh: one per distinct query, shared across panels', () => {
    const range = { start: 0, end: 3_600_000 };
    const counts = Object.fromEntries(
      FILES.map((file) => {
        const board = load(file);
        const variables = Object.fromEntries(board.variables.map((v) => [v.name, { values: ['a', 'b'], all: true, allValue: '.*' }]));
        const plan = planRefresh(board, { range, variables });
        const queries = plan.panels.reduce((n, p) => n + ('requests' in p ? p.requests.length : 0), 0);
        expect(plan.panels.every((p) => 'requests' in p)).toBe(true);
        return [file, { panels: plan.panels.length, queries, requests: plan.requests.length }];
      }),
    );
    expect(counts).toEqual({
      'platform-health.yaml': { panels: 16, queries: 22, requests: 21 },
      'ai-performance.yaml': { panels: 11, queries: 17, requests: 16 },
      // Both capacity panels share one report.
      'capacity.yaml': { panels: 4, queries: 4, requests: 3 },
    });
  });
});
