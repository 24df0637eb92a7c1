import { parseDuration } from '../src/time/time.js';
import { ConfigError } from '../src/config/errors.js';
import { inkScreen } from './ink.js';
import type { Session } from './session.js';
import { cockpitFor } from './cockpit.js';

export async function runTop(s: Session, o: { refresh: string; ascii?: boolean }): Promise<void> {
  const refreshMs = parseDuration(o.refresh);
  if (refreshMs < 500) throw new ConfigError('--refresh must be at least 500ms');
  if (!s.io.stdout.isTTY || !s.io.stdin.isTTY) throw new ConfigError('obs top needs a terminal', 'for scripts use `obs query`, `obs alerts list` or `obs slo check`');
  const [screen, { App }] = await Promise.all([inkScreen(s, { ascii: o.ascii }), import('../views/app.js')]);
  const backends = await s.backends();
  const data = await cockpitFor(s, backends);
  await screen.run(screen.React.createElement(App, { data, theme: screen.theme, refreshMs }), { fullScreen: true });
}
