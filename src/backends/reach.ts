import type { Backend } from '../config/types.js';
import type { HttpAnswer, HttpClient, RequestSpec } from '../http/client.js';

/**
 * Cheap requests of the kind obs's work makes, needing the same auth and tenant; the first not
 * answering 404 counts. Never a version endpoint: Prometheus-compatible servers (Cortex, Mimir,
 * older Thanos) and proxies may not have `/api/v1/status/buildinfo` and still answer every query.
 */
const ACCESS: Record<Backend, RequestSpec[]> = {
  prometheus: [{ path: '/api/v1/query', query: { query: 'vector(1)' } }],
  alertmanager: [{ path: '/api/v2/status' }],
  loki: [{ path: '/loki/api/v1/labels', query: { since: '5m' } }],
  // api_v3 first; servers from before it answer 404 there and take the internal API.
  jaeger: [{ path: '/api/v3/services' }, { path: '/api/services' }],
  amplitude: [{ path: '/api/2/events/list' }],
};

/**
 * Is the backend there and answering real work? The one rule of `obs doctor` and the cockpit's
 * header, so they never disagree. Throws the backend's error when it is not.
 */
export async function reach(http: HttpClient, backend: Backend): Promise<{ answer: HttpAnswer<string>; spec: RequestSpec }> {
  const access = ACCESS[backend];
  for (const [i, spec] of access.entries()) {
    const last = i === access.length - 1;
    const answer = await http.text({ ...spec, acceptStatus: last ? undefined : [404] });
    if (answer.status !== 404 || last) return { answer, spec };
  }
  throw new Error(`no access request for ${backend}`);
}
