import type { Backend } from '../config/types.js';
import { BackendError } from '../http/errors.js';
import type { HttpClient, RequestSpec } from '../http/client.js';
import { reach } from '../backends/reach.js';
import type { BackendProbe, ProbeError } from './diagnose.js';

/** Where the server says its version, when it does. */
const VERSION: Partial<Record<Backend, { spec: RequestSpec; read: (body: unknown) => unknown }>> = {
  prometheus: { spec: { path: '/api/v1/status/buildinfo' }, read: (b) => (b as { data?: { version?: unknown } })?.data?.version },
  alertmanager: { spec: { path: '/api/v2/status' }, read: (b) => (b as { versionInfo?: { version?: unknown } })?.versionInfo?.version },
  loki: { spec: { path: '/loki/api/v1/status/buildinfo' }, read: (b) => (b as { version?: unknown })?.version },
};

/**
 * Ask one backend what `obs doctor` needs to know: can we get an answer with the context's auth and
 * tenant, how long it took, the server's clock (HTTP Date) and, where exposed, its version.
 */
export async function probeBackend(http: HttpClient, backend: Backend, now: () => number = Date.now): Promise<Pick<BackendProbe, 'answer' | 'error'>> {
  const started = performance.now();
  let reached: Awaited<ReturnType<typeof reach>>;
  try {
    reached = await reach(http, backend);
  } catch (e) {
    return { error: probeError(e) };
  }
  const tookMs = performance.now() - started;
  const localDate = now();
  const date = Date.parse(String(reached.answer.headers.date ?? ''));
  const plan = VERSION[backend];
  return { answer: { tookMs, localDate, serverDate: Number.isNaN(date) ? undefined : date, version: await version(http, plan, reached.spec.path === plan?.spec.path ? reached.answer.data : undefined) } };
}

/** The version from its own request, or from the access answer when that was the same request. */
async function version(http: HttpClient, plan: (typeof VERSION)[Backend], alreadyFetched?: string): Promise<string | undefined> {
  if (!plan) return undefined;
  try {
    const body = alreadyFetched !== undefined ? JSON.parse(alreadyFetched) : (await http.json<unknown>(plan.spec)).data;
    const v = plan.read(body);
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined; // older servers and gateways may not expose it: the version is a nicety
  }
}

function probeError(e: unknown): ProbeError {
  if (e instanceof BackendError) return { kind: e.kind, status: e.status, message: e.message, hint: e.hint };
  return { kind: 'unreachable', message: (e as Error)?.message ?? String(e) };
}
