// The shipped demo boards against the demo world: HTTP requests per refresh (counted on the wire,
// through the HTTP client's request log), how long a refresh takes, and how long drawing the board
// takes at 80x24 (the first screen), 120 columns and 200x60.
// Usage: node bench/boards.bench.js [refreshes]   (default 3; needs `npm run build`)
import { join } from 'node:path';
import { startDemo } from '../dist/src/sim/server.js';
import { demoContext } from '../dist/commands/demo-context.js';
import { openBackends } from '../dist/src/backends/index.js';
import { findBoard, loadBoard } from '../dist/src/boards/index.js';
import { boardClients, liveBoard } from '../dist/src/boards/live.js';
import { loadSloFiles } from '../dist/src/slo/load.js';
import { renderBoard } from '../dist/commands/board-run.js';
import { packageRoot } from '../dist/src/config/package-root.js';

const REFRESHES = Number(process.argv[2] ?? 3);
const RENDERS = 20;
const SIZES = [[80, 24], [120, undefined], [200, 60]];

/** What a request is, from its URL. */
function kind(url) {
  const path = new URL(url).pathname;
  if (path.endsWith('/query_range')) return path.includes('/loki/') ? 'loki range' : 'prometheus range';
  if (path.endsWith('/query')) return path.includes('/loki/') ? 'loki instant' : 'prometheus instant';
  if (path.includes('/label/')) return 'label values';
  if (path.endsWith('/alerts')) return 'alertmanager alerts';
  if (path.includes('/api/2/')) return 'amplitude';
  return path;
}

const demo = await startDemo();
let log = [];
const debug = (line) => {
  if (line.startsWith('→ ')) log.push(kind(line.split(' ')[2]));
};
const backends = await openBackends(demoContext(demo.urls), { debug });
const { slos } = await loadSloFiles([join(packageRoot(), 'slos', 'demo')]);
const ms = (t) => `${t.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const count = (entries) => Object.entries(entries.reduce((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {})).map(([k, n]) => `${n} ${k}`).join(', ');

try {
  for (const name of ['platform-health', 'ai-performance']) {
    const { board } = await loadBoard(await findBoard(name, [join(packageRoot(), 'boards')]));
    // A fresh clients object per board; the SLO specs are loaded once, outside the counts.
    const live = liveBoard(board, boardClients(backends, async () => slos));
    log = [];
    const { variables } = await live.resolve({});
    const variableRequests = log.length;

    let snapshot;
    const times = [];
    const perRefresh = [];
    for (let i = 0; i < REFRESHES; i++) {
      log = [];
      const t0 = performance.now();
      snapshot = await live.refresh(variables);
      times.push(performance.now() - t0);
      perRefresh.push([...log]);
    }
    const failed = Object.entries(snapshot.panels).filter(([, p]) => 'error' in p).map(([id]) => id);
    const slo = perRefresh[0].length - snapshot.requests;
    console.log(`${name}: ${Object.keys(snapshot.panels).length} panels, ${snapshot.requests} distinct requests planned`);
    console.log(`  HTTP requests per refresh: ${perRefresh.map((l) => l.length).join(', ')}`);
    console.log(`    first: ${count(perRefresh[0])}`);
    if (slo > 0) {
      console.log(`    of which ${slo} evaluate the ${slos.length} SLOs of the slo panel (windows x 2 queries, equal ones once), at most once a minute`);
      console.log(`    next: ${count(perRefresh[perRefresh.length - 1])}`);
    }
    console.log(`  variable options: ${variableRequests} request(s), once per board and on a variable change`);
    console.log(`  refresh: median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`);
    if (failed.length) console.log(`  FAILED panels: ${failed.join(', ')}`);
    for (const [width, height] of SIZES) {
      const draws = [];
      for (let i = 0; i < RENDERS; i++) {
        const t0 = performance.now();
        await renderBoard(board, variables, snapshot, { width, height, color: true, unicode: true });
        draws.push(performance.now() - t0);
      }
      console.log(`  render ${width}x${height ?? 'all'}: median ${ms(median(draws))} (first ${ms(draws[0])})`);
    }
  }
} finally {
  await backends.close();
  await demo.close();
}
