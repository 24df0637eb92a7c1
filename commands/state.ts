import { join } from 'node:path';
import type { ResolvedContext } from '../src/config/resolve.js';
import { stateDir } from '../src/config/store.js';

/** Where a context keeps its incidents: its `incidentDir`, else obs's state directory. */
export function incidentDir(context: ResolvedContext, configDir: string | undefined, env: NodeJS.ProcessEnv): string {
  return context.context.incidentDir ?? join(stateDir(configDir, env), 'incidents');
}
