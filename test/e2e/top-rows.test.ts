import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo } from '../../src/sim/server.js';
import { createWorld } from '../../src/sim/world/world.js';
import { SCENARIO_SPECS } from '../../src/sim/world/scenarios.js';
import { BATCH_JOB } from '../../src/sim/world/topology.js';
import { hasTmux, TmuxSession } from '../support/tmux.js';

// `obs top` in a real terminal: every service of each demo scenario is on screen or counted, the
// cursor reaches each of them with j, and failing backends say so in their own panels.
const obs = resolve(import.meta.dirname, '../../bin/obs.js');
let sessions: TmuxSession[] = [];
afterEach(() => {
  for (const s of sessions) s.kill();
  sessions = [];
});

function session(width: number, height: number, env: NodeJS.ProcessEnv = {}) {
  const s = new TmuxSession({ width, height, env: { TERM: 'xterm', LANG: 'C.UTF-8', NO_COLOR: '1', OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-e2e-')), ...env } });
  sessions.push(s);
  return s;
}

/** The overview table: names top to bottom, the one under the cursor, its title count and "… N more". */
function overview(screen: string): { names: string[]; selected?: string; count?: number; more: number } {
  const names: string[] = [];
  let selected: string | undefined;
  for (const line of screen.split('\n')) {
    const m = /^[│|]([▶> ]) [!? ] ([a-z][\w-]*)\s+(\S+\/s|—|DOWN|\?)\s/.exec(line);
    if (!m) continue;
    names.push(m[2]);
    if (m[1] !== ' ') selected = m[2];
  }
  const count = /Services \((\d+)\)/.exec(screen)?.[1];
  const more = /… (\d+) more \(j\/k/.exec(screen)?.[1];
  return { names, selected, count: count === undefined ? undefined : Number(count), more: Number(more ?? 0) };
}

/** The world's services and the batch job its Prometheus knows only by `up{job}`: obs shows them all. */
function demoServices(scenario: string): string[] {
  return [...createWorld({ seed: 1, scenario, onsetMs: Date.now() }).services.map((s) => s.name), BATCH_JOB];
}

/**
 * Press j from the top row down, until the cursor has been on every row; the names it visited. The
 * order is worst first and may change while walking (the anomaly marks arrive a little after the
 * rows), so a row that moved above the cursor is visited on a second walk from the top.
 */
async function walk(t: TmuxSession, count: number): Promise<string[]> {
  const visited = [overview(t.screen()).selected!];
  for (let pass = 0; pass < 2 && new Set(visited).size < count; pass++) {
    // One key at a time, each waited for: how fast the program takes keys must not change the walk.
    if (pass > 0) {
      const top = await t.pressUntil('k', (s) => overview(s).selected === overview(s).names[0], count);
      visited.push(overview(top).selected!);
    }
    for (let i = 1; i < count; i++) {
      const screen = await t.press('j', (s) => overview(s).selected !== visited[visited.length - 1]);
      visited.push(overview(screen).selected!);
    }
  }
  return visited;
}

describe.skipIf(!hasTmux)('obs top --demo shows every service', () => {
  for (const spec of SCENARIO_SPECS) {
    it(`at 80x24 in the ${spec.name} scenario: the root cause on screen without scrolling, every row reachable with j`, async () => {
      const expected = demoServices(spec.name);
      const t = session(80, 24);
      t.start(`node ${obs} top --demo --scenario ${spec.name} --refresh 5s`);
      const screen = await t.waitFor((s) => overview(s).count === expected.length && overview(s).names.length > 0, 60_000);
      const first = overview(screen);
      expect(first.names.length + first.more).toBe(expected.length);
      // A node fault's cause is a machine, not a row: the services on it are.
      if (expected.includes(spec.rootCause)) expect(first.names).toContain(spec.rootCause);
      const visited = await walk(t, expected.length);
      expect([...new Set(visited)].sort()).toEqual([...expected].sort());
      await t.keys('Enter');
      await t.waitFor((s) => s.includes(`overview › svc ${visited[visited.length - 1]}`), 20_000);
    }, 180_000);
  }

  for (const [width, height] of [[120, 40], [200, 60]]) {
    it(`at ${width}x${height}: every service of the demo on screen at once`, async () => {
      const expected = demoServices('payments-db-latency');
      const t = session(width, height);
      t.start(`node ${obs} top --demo --refresh 5s`);
      const screen = await t.waitFor((s) => overview(s).names.length === expected.length, 60_000);
      expect(overview(screen).more).toBe(0);
      expect([...overview(screen).names].sort()).toEqual([...expected].sort());
    }, 120_000);
  }

  it('takes a command typed ahead with its enter in one write', async () => {
    const t = session(80, 24);
    t.start(`node ${obs} top --demo --refresh 5s`);
    await t.waitFor((s) => overview(s).names.length > 2, 60_000);
    await t.type(':slo\r');
    const screen = await t.waitFor((s) => s.includes('overview › slo'), 20_000);
    expect(screen).not.toContain('svc ');
  }, 120_000);
});

describe.skipIf(!hasTmux)('obs top with failing backends', () => {
  it('says in each panel which backend hangs, refuses or answers garbage, and keeps the rest updating', async () => {
    const demo = await startDemo({});
    const hanging = await server(() => {});
    const garbage = await server((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json'));
    const refused = await server(() => {});
    await refused.close();
    try {
      const t = session(100, 30, { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: hanging.url, OBS_LOKI_URL: garbage.url, OBS_JAEGER_URL: refused.url });
      t.start(`node ${obs} top --refresh 2s`);
      let screen = await t.waitFor((s) => overview(s).names.length > 2, 60_000);
      // Until the alerts time out the strip waits, and never says "none firing".
      expect(screen).not.toContain('none firing');
      screen = await t.waitFor((s) => /Firing alerts \(0\) error — alertmanager/.test(s), 150_000);
      expect(screen).not.toContain('none firing');
      expect(overview(screen).names).toContain('payments');
      const updated = /updated (\d\d:\d\d:\d\d)/.exec(screen)?.[1];
      // Under load a refresh can take long: wait for it as long as it takes, within the test's time.
      screen = await t.waitFor((s) => /updated (\d\d:\d\d:\d\d)/.exec(s)?.[1] !== updated, 90_000);
      expect(/updated (\d\d:\d\d:\d\d)/.exec(screen)?.[1]).not.toBe(updated);
      await t.keys('Enter');
      screen = await t.waitFor((s) => /Log patterns.*error/.test(s), 60_000);
      expect(screen).toMatch(/loki/);
      expect(screen).not.toContain('no log lines in range');
      await t.keys('Tab');
      // The traces panel itself, in its failed state (the patterns panel's title also says "tab: traces").
      screen = await t.waitFor((s) => /Error and slow traces[^\n]*error/.test(s), 60_000);
      expect(screen).toMatch(/jaeger/);
      expect(screen).not.toContain('no traces found');
    } finally {
      await hanging.close();
      await garbage.close();
      await demo.close();
    }
  }, 300_000);
});

async function server(answer: (res: import('node:http').ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const s: Server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      s.closeAllConnections();
      return new Promise((r) => s.close(() => r()));
    },
  };
}
