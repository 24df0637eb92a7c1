/**
 * `obs top --demo` in a real terminal (tmux, 120x40): the overview comes up, `:board
 * platform-health` opens the board with live panels, `esc` goes back and `q` quits. Runs the
 * compiled CLI (bin/obs.js -> dist/): `npm run build` first. Without tmux the test is skipped,
 * except under CI=true, where a missing tmux fails it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.CI === 'true') throw new Error('tmux is required for the end-to-end tests under CI (apt-get install tmux)');

// A server of our own, so nothing touches the user's tmux sessions.
const SOCKET = `obs-e2e-${process.pid}`;
const SESSION = 'board';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', SESSION);
const alive = () => spawnSync('tmux', ['-L', SOCKET, 'has-session', '-t', SESSION]).status === 0;

async function waitFor(test: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < until) {
    text = alive() ? screen() : '';
    if (test(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${text}`);
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe.skipIf(!hasTmux)('obs top --demo in tmux', () => {
  it('opens a board with :board, shows its panels live, goes back with esc and quits with q', async () => {
    expect(existsSync(join(ROOT, 'dist', 'commands', 'main.js')), 'run `npm run build` first').toBe(true);
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', '-c', ROOT, '-e', 'TERM=xterm-256color', '-e', 'LANG=C.UTF-8', '-e', 'LC_ALL=C.UTF-8', `node ${join(ROOT, 'bin', 'obs.js')} top --demo`);
    await waitFor((t) => /Services \(\d+\)/.test(t) && t.includes('payments'), 'the overview');

    // Keys one at a time, as typed: ':' opens the command bar, then its text, then Enter.
    tmux('send-keys', '-t', SESSION, ':');
    await waitFor((t) => t.split('\n').some((l) => l.startsWith(':')), 'the command bar');
    tmux('send-keys', '-t', SESSION, '-l', 'board platform-health');
    tmux('send-keys', '-t', SESSION, 'Enter');
    const board = await waitFor((t) => t.includes('Platform health') && /\d+(\.\d+)? req\/s/.test(t) && /\d+(\.\d+)?%/.test(t), 'the board with numbers');
    expect(board).toContain('overview › board platform-health');
    for (const title of ['Request rate', 'Error ratio', 'Latency p95']) expect(board).toContain(title);
    expect(board).toContain('$service: All');
    expect(board).not.toContain('error —');

    // The board scrolls: the last row comes into view with j, pressed as a person would until it shows.
    for (let i = 0; i < 20 && !screen().includes('Recent errors'); i++) {
      tmux('send-keys', '-t', SESSION, 'j');
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor((t) => t.includes('Recent errors'), 'the logs panel after scrolling');

    tmux('send-keys', '-t', SESSION, 'Escape');
    await waitFor((t) => /Services \(\d+\)/.test(t) && !t.includes('Platform health'), 'the overview again');

    tmux('send-keys', '-t', SESSION, 'q');
    await waitFor(() => !alive(), 'obs to quit', 15_000);
  }, 180_000);
});
