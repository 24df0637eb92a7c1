import type { Backends } from '../backends/index.js';
import type { Backend } from '../config/types.js';
import type { BackendStatus } from './types.js';

/** Slower than this and the header shows a backend as slow. */
export const SLOW_MS = 1000;

/** One cheap request to a backend: is it up, and how long does it take to answer? */
export async function probeBackend(backends: Backends, backend: Backend): Promise<BackendStatus> {
  const started = performance.now();
  try {
    const http = backends.http(backend);
    switch (backend) {
      case 'prometheus':
        await backends.prometheus.buildinfo();
        break;
      case 'alertmanager':
        await backends.alertmanager.status();
        break;
      case 'loki':
        await http.text({ path: '/ready' });
        break;
      case 'jaeger':
        await backends.jaeger.services();
        break;
      case 'amplitude':
        // Amplitude has no free health endpoint; every request costs rate-limit budget. Reachability only.
        await http.text({ path: '/', acceptStatus: [301, 302, 400, 401, 403, 404] });
        break;
    }
    const latencyMs = performance.now() - started;
    return { backend, state: latencyMs > SLOW_MS ? 'slow' : 'up', latencyMs };
  } catch (e) {
    return { backend, state: 'down', message: (e as Error).message };
  }
}
