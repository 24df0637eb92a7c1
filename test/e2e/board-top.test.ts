/**
 * `obs top --demo` in a real terminal (tmux, 120x40): the overview comes up, `:board
 * platform-health` opens the board with live panels, `esc` goes back and `q` quits. Runs the
 * compiled CLI (bin/obs.js -> dist/): `npm run build` first. Without tmux the test is skipped;
 * under CI=true top.test.ts fails on a missing tmux.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from '../support/tmux.js';

const ROOT = resolve(import.meta.dirname, '../..');
const t = new TmuxSession({ width: 120, height: 40, cwd: ROOT, env: { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-e2e-')) } });

async function waitFor(test: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const screen = await t.waitFor(test, timeoutMs);
  if (!test(screen)) throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
  return screen;
}

afterAll(() => {
  if (hasTmux) t.kill();
});

describe.skipIf(!hasTmux)('obs top --demo in tmux', () => {
  it('opens a board with :board, shows its panels live, goes back with esc and quits with q', async () => {
    expect(existsSync(join(ROOT, 'dist', 'commands', 'main.js')), 'run `npm run build` first').toBe(true);
    t.start(`node ${join(ROOT, 'bin', 'obs.js')} top --demo`);
    await waitFor((s) => /Services \(\d+\)/.test(s) && s.includes('payments'), 'the overview');

    // Keys one at a time, as typed: ':' opens the command bar, then its text, then Enter.
    await t.keys(':');
    await waitFor((s) => s.split('\n').some((l) => l.startsWith(':')), 'the command bar');
    await t.type('board platform-health');
    await t.keys('Enter');
    const board = await waitFor((s) => s.includes('Platform health') && /\d+(\.\d+)? req\/s/.test(s) && /\d+(\.\d+)?%/.test(s), 'the board with numbers');
    expect(board).toContain('overview › board platform-health');
    for (const title of ['Request rate', 'Error ratio', 'Latency p95']) expect(board).toContain(title);
    expect(board).toContain('$service: All');
    expect(board).not.toContain('error —');

    // The board scrolls: the last row comes into view with j, pressed until it shows, each press
    // drawn before the next (a loaded machine takes keys slowly).
    await t.pressUntil('j', (s) => s.includes('Recent errors'), 20);
    await waitFor((s) => s.includes('Recent errors'), 'the logs panel after scrolling');

    await t.keys('Escape');
    await waitFor((s) => /Services \(\d+\)/.test(s) && !s.includes('Platform health'), 'the overview again');

    await t.keys('q');
    await waitFor(() => t.exitStatus() !== undefined, 'obs to quit', 15_000);
    expect(t.exitStatus()).toBe(0);
  }, 180_000);
});
