import { startDemo } from '../src/sim/server.js';
import { parseTime } from '../src/time/time.js';
import { loadRenderer, renderYaml } from '../src/output/format.js';
import { demoContextConfig, savedDemoContext } from './demo-context.js';
import type { Session } from './session.js';

export async function runDemo(s: Session, o: { save?: boolean; onset?: string }): Promise<void> {
  const demo = await startDemo({
    ...(await s.demoOptions()),
    onsetMs: o.onset ? parseTime(o.onset, s.io.now()) : undefined,
  });
  const context = demoContextConfig(demo.urls);
  s.print(`demo world running: scenario ${demo.world.scenario.name}, seed ${demo.world.seed}`);
  await loadRenderer('yaml');
  s.print(renderYaml({ demo: context }));
  if (o.save) {
    const { ConfigStore, configDir, stateDir } = await import('../src/config/store.js');
    const store = new ConfigStore(configDir(s.opts.configDir, s.io.env));
    const data = store.read();
    data.contexts.demo = savedDemoContext(demo.urls, stateDir(s.opts.configDir, s.io.env));
    await store.write(data);
    s.print(`saved as context "demo" (read-only; its incidents are kept apart from real ones): try \`obs -c demo top\` in another shell`);
  } else s.print('in another shell: obs -c demo ... after `obs demo --save`, or set OBS_PROMETHEUS_URL etc. to the URLs above');
  s.print('Ctrl-C stops it.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await demo.close();
  s.print('demo world stopped');
}
