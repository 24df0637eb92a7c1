import type { Backend } from '../config/types.js';
import { BackendError } from '../http/errors.js';
import type { HttpAnswer, HttpClient, RequestSpec } from '../http/client.js';
import type { BackendProbe, ProbeError } from './diagnose.js';

interface ProbePlan {
  /** Cheap requests that need the same auth and tenant as real work; the first not answering 404 counts. */
  access: RequestSpec[];
  /** Where the server says its version, when it does. */
  version?: { spec: RequestSpec; read: (body: unknown) => unknown };
}

const PLANS: Record<Backend, ProbePlan> = {
  prometheus: {
    access: [{ path: '/api/v1/query', query: { query: 'vector(1)' } }],
    version: { spec: { path: '/api/v1/status/buildinfo' }, read: (b) => (b as { data?: { version?: unknown } })?.data?.version },
  },
  alertmanager: {
    access: [{ path: '/api/v2/status' }],
    version: { spec: { path: '/api/v2/status' }, read: (b) => (b as { versionInfo?: { version?: unknown } })?.versionInfo?.version },
  },
  loki: {
    access: [{ path: '/loki/api/v1/labels', query: { since: '5m' } }],
    version: { spec: { path: '/loki/api/v1/status/buildinfo' }, read: (b) => (b as { version?: unknown })?.version },
  },
  // api_v3 first; servers from before it answer 404 there and take the internal API.
  jaeger: { access: [{ path: '/api/v3/services' }, { path: '/api/services' }] },
  amplitude: { access: [{ path: '/api/2/events/list' }] },
};

/**
 * Ask one backend what `obs doctor` needs to know: can we get an answer with the context's auth and
 * tenant, how long it took, the server's clock (HTTP Date) and, where exposed, its version.
 */
export async function probeBackend(http: HttpClient, backend: Backend, now: () => number = Date.now): Promise<Pick<BackendProbe, 'answer' | 'error'>> {
  const plan = PLANS[backend];
  const started = performance.now();
  let answer: HttpAnswer<string> | undefined;
  let answered: RequestSpec | undefined;
  try {
    for (const [i, spec] of plan.access.entries()) {
      const last = i === plan.access.length - 1;
      answer = await http.text({ ...spec, acceptStatus: last ? undefined : [404] });
      answered = spec;
      if (answer.status !== 404) break;
    }
  } catch (e) {
    return { error: probeError(e) };
  }
  const tookMs = performance.now() - started;
  const localDate = now();
  const date = Date.parse(String(answer!.headers.date ?? ''));
  return { answer: { tookMs, localDate, serverDate: Number.isNaN(date) ? undefined : date, version: await version(http, plan, answered?.path === plan.version?.spec.path ? answer!.data : undefined) } };
}

/** The version from its own request, or from the access answer when that was the same request. */
async function version(http: HttpClient, plan: ProbePlan, alreadyFetched?: string): Promise<string | undefined> {
  if (!plan.version) return undefined;
  try {
    const body = alreadyFetched !== undefined ? JSON.parse(alreadyFetched) : (await http.json<unknown>(plan.version.spec)).data;
    const v = plan.version.read(body);
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined; // older servers and gateways may not expose it: the version is a nicety
  }
}

function probeError(e: unknown): ProbeError {
  if (e instanceof BackendError) return { kind: e.kind, status: e.status, message: e.message, hint: e.hint };
  return { kind: 'unreachable', message: (e as Error)?.message ?? String(e) };
}
