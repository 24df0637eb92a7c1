import { performance } from 'node:perf_hooks';
import type { Backends } from '../backends/index.js';
import { reach } from '../backends/reach.js';
import type { Backend } from '../config/types.js';
import type { BackendStatus } from './types.js';

/** Slower than this and the header shows a backend as slow. */
export const SLOW_MS = 1000;

/**
 * One cheap request to a backend, the one `obs doctor` asks (src/backends/reach.ts): is it up, and
 * how long did obs wait for its answer? The time this process spent running other work meanwhile
 * is not the backend's: an answer that arrives while the
 * event loop computes something else (the demo world's in-process servers answering another panel's
 * week of data, a large answer being parsed) waits for the loop, and would otherwise read as "slow".
 * So this is the least the backend can have taken: one that is slow while obs is busy for most of
 * the wait reads faster than it is, and can read as up (a 1.5 s answer during 1.3 s of obs's own
 * work reads about 0.2 s). The demo's in-process servers keep obs that busy; remote backends leave
 * it only its own parsing and drawing.
 */
export async function probeBackend(backends: Backends, backend: Backend): Promise<BackendStatus> {
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  try {
    const http = backends.http(backend);
    // Amplitude has no free health endpoint; every request costs rate-limit budget. Reachability only.
    if (backend === 'amplitude') await http.text({ path: '/', acceptStatus: [301, 302, 400, 401, 403, 404] });
    else await reach(http, backend);
    const latencyMs = Math.max(0, performance.now() - started - performance.eventLoopUtilization(loopBefore).active);
    return { backend, state: latencyMs > SLOW_MS ? 'slow' : 'up', latencyMs };
  } catch (e) {
    return { backend, state: 'down', message: (e as Error).message };
  }
}
