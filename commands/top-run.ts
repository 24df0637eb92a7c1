import { parseDuration } from '../src/time/time.js';
import { ConfigError } from '../src/config/errors.js';
import type { Backends } from '../src/backends/index.js';
import type { CockpitData } from '../src/cockpit/types.js';
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
  const contexts = await contextSwitcher(s);
  await screen.run(screen.React.createElement(App, { data, theme: screen.theme, refreshMs, ...contexts }), { fullScreen: true });
}

/** `:ctx NAME` in `obs top`: the stored contexts, and a switch that opens one's backends live. */
async function contextSwitcher(s: Session): Promise<{ contextNames: string[]; switchContext: (name: string) => Promise<CockpitData> }> {
  const [{ ConfigStore, configDir }, { resolveContext }, { openBackends }] = await Promise.all([import('../src/config/store.js'), import('../src/config/resolve.js'), import('../src/backends/index.js')]);
  const store = new ConfigStore(configDir(s.opts.configDir, s.io.env));
  let switched: Backends | undefined;
  s.onClose(async () => switched?.close());
  return {
    contextNames: Object.keys(store.read().contexts),
    async switchContext(name) {
      const next = await openBackends(resolveContext(store.read(), name, s.io.env));
      const data = await cockpitFor(s, next);
      await switched?.close();
      switched = next;
      return data;
    },
  };
}
