import type { Backends } from '../src/backends/index.js';
import type { CockpitData } from '../src/cockpit/types.js';
import { liveCockpit } from '../src/cockpit/live.js';
import type { Session } from './session.js';

/** The cockpit data of the session's context, with every capability the context supports. */
export async function cockpitFor(s: Session, backends: Backends): Promise<CockpitData> {
  return liveCockpit(backends, { now: s.io.now });
}
