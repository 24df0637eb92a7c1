// The cockpit's `:alerts` screen on the demo world: requests to each backend in one minute at the
// default 5 s refresh (the firing alerts every refresh, the likely causes every third), with the
// likely causes' log lines read as `obs top` wires them (at most once a minute for the same suspects)
// and, for comparison, on every ranking. A clock stepped by hand; the demo world's five servers sit
// behind counting proxies. Usage: node bench/alerts-screen.bench.js   (needs `npm run build`)
import { join } from 'node:path';
import { startDemo } from '../dist/src/sim/server.js';
import { countingProxy } from './counting-proxy.js';
import { openBackends } from '../dist/src/backends/index.js';
import { resolveContext } from '../dist/src/config/resolve.js';
import { liveCockpit } from '../dist/src/cockpit/live.js';
import { identityOf } from '../dist/src/identity/identity.js';
import { logPatternSource } from '../dist/src/alerts/live-sources.js';
import { reusedLogPatterns } from '../dist/src/alerts/reused-log-patterns.js';
import { loadSloFiles } from '../dist/src/slo/load.js';
import { sloCockpit } from '../dist/src/slo/live.js';

const root = new URL('..', import.meta.url).pathname;
const REFRESH_MS = 5_000;

const demo = await startDemo({ scenario: 'payments-db-latency' });
const { slos } = await loadSloFiles([join(root, 'slos/demo')]);

async function oneMinute(reuse) {
  const proxies = Object.fromEntries(await Promise.all(['prometheus', 'alertmanager', 'loki', 'jaeger'].map(async (b) => [b, await countingProxy(demo.urls[b])])));
  const backends = await openBackends(resolveContext({ contexts: { demo: Object.fromEntries(Object.entries(proxies).map(([b, p]) => [b, { url: p.url }])) } }, 'demo', {}));
  let now = Date.now();
  const clock = () => now;
  const identity = identityOf(backends, clock);
  const sloData = sloCockpit(backends.prometheus, slos, clock);
  const patterns = logPatternSource(backends, identity);
  const data = liveCockpit(backends, {
    now: clock,
    rankingEvidence: { sloBurn: sloData.burnByService, newLogPatterns: reuse ? reusedLogPatterns(patterns, { maxAgeMs: 60_000, now: clock }) : patterns },
  });
  let suspects;
  for (let t = 0; t < 60_000; t += REFRESH_MS, now += REFRESH_MS) {
    const panels = [data.alerts()];
    if (t % (3 * REFRESH_MS) === 0) panels.push(data.suspects().then((s) => (suspects = s)));
    await Promise.all(panels);
  }
  await backends.close();
  for (const p of Object.values(proxies)) p.close();
  return { counts: Object.fromEntries(Object.entries(proxies).map(([b, p]) => [b, p.count])), suspects };
}

console.log(`one minute of the :alerts screen on the demo world at a ${REFRESH_MS / 1000} s refresh (likely causes every ${(3 * REFRESH_MS) / 1000} s):`);
for (const [label, reuse] of [['log lines read at most once a minute (as obs top wires it)', true], ['log lines read on every ranking', false]]) {
  const { counts, suspects } = await oneMinute(reuse);
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`  ${label}: ${all} requests (${Object.entries(counts).map(([b, n]) => `${b} ${n}`).join(', ')}); likely causes: ${suspects.suspects.map((s) => s.name).join(', ')}`);
}
await demo.close();
process.exit(0);
