import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo } from '../../src/sim/server.js';
import { hasTmux, requireTmuxInCi, TmuxSession } from '../support/tmux.js';

// `obs top --demo` driven in tmux the way a person uses it: compiled CLI, real terminal sizes.
const obs = resolve(import.meta.dirname, '../../bin/obs.js');
const missing = requireTmuxInCi();
let sessions: TmuxSession[] = [];
afterEach(() => {
  for (const s of sessions) s.kill();
  sessions = [];
});

function session(width: number, height: number, env: NodeJS.ProcessEnv = {}) {
  const s = new TmuxSession({ width, height, env: { TERM: 'xterm', LANG: 'C.UTF-8', OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-e2e-')), ...env } });
  sessions.push(s);
  return s;
}

/** The service names of the overview table, top to bottom. */
function serviceRows(screen: string): string[] {
  return screen.split('\n').map((l) => /^[│|][▶> ] [!? ] ([a-z][\w-]*)\s+\S+\/s/.exec(l)?.[1]).filter((x): x is string => Boolean(x));
}

describe.runIf(missing)('tmux', () => {
  it('is installed in CI', () => {
    throw new Error(missing);
  });
});

describe.skipIf(!hasTmux)('obs top --demo in tmux', () => {
  for (const [width, height] of [[80, 24], [160, 50]]) {
    it(`shows the failing service first and navigates by keyboard at ${width}x${height}`, async () => {
      const t = session(width, height, { NO_COLOR: '1' });
      t.start(`node ${obs} top --demo --refresh 2s`);
      let screen = await t.waitFor((s) => serviceRows(s).length >= 3, 45_000);
      expect(serviceRows(screen)[0]).toBe('payments');
      expect(screen).toContain('obs · demo');
      expect(screen).toContain('PaymentsDbLatencyHigh');
      expect(screen).not.toMatch(/\x1b/);

      await t.keys('Enter');
      screen = await t.waitFor((s) => s.includes('overview › svc payments') && s.includes('requests/s'), 30_000);
      expect(screen).toContain('p99 latency');

      // Tab moves to the traces (in a small terminal it also shows them in place of the patterns).
      await t.keys('Tab');
      screen = await t.waitFor((s) => /ERR\s+[\d.]+m?s/.test(s), 30_000);
      expect(screen).toMatch(/ERR\s+[\d.]+m?s\s+\d+ frontend/);
      await t.keys('Enter');
      screen = await t.waitFor((s) => s.includes('› trace ') && s.includes('critical path'), 30_000);
      expect(screen).toMatch(/payments(-db)? /);
      expect(screen).toContain('critical path');

      await t.keys('Escape');
      screen = await t.waitFor((s) => !s.includes('› trace ') && s.includes('svc payments'));
      await t.keys('Escape');
      screen = await t.waitFor((s) => /^overview\s*$/m.test(s));

      await t.type('/');
      await t.type('^cart');
      await t.keys('Enter');
      screen = await t.waitFor((s) => s.includes('/^cart'));
      expect(serviceRows(screen).every((name) => name.startsWith('cart'))).toBe(true);

      await t.type('?');
      screen = await t.waitFor((s) => s.includes('Keys (esc closes)'));
      expect(screen).toContain(':svc NAME');
      await t.keys('Escape');

      await t.type('q');
      await t.waitFor(() => t.exitStatus() !== undefined, 10_000);
      expect(t.exitStatus()).toBe(0);
    }, 120_000);
  }

  it('says so in a terminal smaller than 80x24', async () => {
    const t = session(70, 20);
    t.start(`node ${obs} top --demo`);
    const screen = await t.waitFor((s) => s.includes('needs a terminal of at least 80x24'), 30_000);
    expect(screen.replace(/\s+/g, ' ')).toContain('this one is 70x20');
    await t.type('q');
    await t.waitFor(() => t.exitStatus() !== undefined, 10_000);
    expect(t.exitStatus()).toBe(0);
  }, 60_000);

  it('greys out the panels of a backend stopped mid-run and keeps the rest updating', async () => {
    const demo = await startDemo({});
    const gate = await forwardingProxy(demo.urls.alertmanager);
    try {
      const t = session(100, 30, { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: gate.url, OBS_LOKI_URL: demo.urls.loki, OBS_JAEGER_URL: demo.urls.jaeger });
      t.start(`node ${obs} top --refresh 1s`);
      let screen = await t.waitFor((s) => s.includes('PaymentsDbLatencyHigh') && serviceRows(s).length > 3, 45_000);
      const rowsBefore = serviceRows(screen);
      await gate.close();
      // A request in flight when the gate closed shows as "no answer yet" until it fails (at worst
      // the 30 s timeout); the refresh after it is refused.
      screen = await t.waitFor((s) => /Firing alerts \(\d+\) stale \d+s — alertmanager: connection refused/.test(s) && /●aler\w* down/.test(s), 45_000);
      expect(screen).toMatch(/Firing alerts \(\d+\) stale \d+s — alertmanager: connection refused/);
      expect(screen).toContain('PaymentsDbLatencyHigh');
      expect(screen).toMatch(/●aler\w* down/);
      const updated = /updated (\d\d:\d\d:\d\d)/.exec(screen)?.[1];
      screen = await t.waitFor((s) => /updated (\d\d:\d\d:\d\d)/.exec(s)?.[1] !== updated, 15_000);
      // Prometheus still answers: the services panel is neither stale nor failed and keeps its rows
      // (their order may change as the unusual marks arrive, so only the set is compared).
      const servicesTitle = screen.split('\n').find((l) => /Services \(\d+\) worst first/.test(l));
      expect(servicesTitle).toBeDefined();
      expect(servicesTitle).not.toMatch(/stale|error|failed/);
      expect(new Set(serviceRows(screen))).toEqual(new Set(rowsBefore));
      await t.type('q');
    } finally {
      await gate.close();
      await demo.close();
    }
  }, 120_000);
});

/** A plain HTTP forwarder in front of a backend, so the test can make the backend vanish. */
async function forwardingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
