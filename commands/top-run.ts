import { parseDuration } from '../src/time/time.js';
import { ConfigError } from '../src/config/errors.js';
import { detectTerminal } from '../views/terminal.js';
import type { Session } from './session.js';
import { cockpitFor } from './cockpit.js';

export async function runTop(s: Session, o: { refresh: string; ascii?: boolean }): Promise<void> {
  const refreshMs = parseDuration(o.refresh);
  if (refreshMs < 500) throw new ConfigError('--refresh must be at least 500ms');
  if (!s.io.stdout.isTTY || !s.io.stdin.isTTY) throw new ConfigError('obs top needs a terminal', 'for scripts use `obs query`, `obs alerts list` or `obs slo check`');
  const caps = detectTerminal(s.io.env, { color: s.opts.color, ascii: o.ascii });
  // Ink colours through chalk, which decides its colour level when first loaded.
  if (!caps.color) process.env.FORCE_COLOR = '0';
  const [{ render }, React, { App }, { makeTheme }] = await Promise.all([import('ink'), import('react'), import('../views/app.js'), import('../views/theme.js')]);
  const backends = await s.backends();
  const data = await cockpitFor(s, backends);
  const stdout = s.io.stdout as NodeJS.WriteStream;
  const altScreen = s.io.env.TERM !== 'dumb';
  if (altScreen) stdout.write('\x1b[?1049h\x1b[H');
  const app = render(React.createElement(App, { data, theme: makeTheme(caps), refreshMs }), {
    stdout,
    stdin: s.io.stdin as NodeJS.ReadStream,
    exitOnCtrlC: true,
    patchConsole: true,
    maxFps: 10,
  });
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
    if (altScreen) stdout.write('\x1b[?1049l');
  }
}
