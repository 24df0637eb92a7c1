/**
 * The simulated Alertmanager v2 API: alerts (filter/active/silenced/inhibited/receiver), groups, silences
 * that really silence, status and receivers. Errors are shaped like Alertmanager's: JSON string bodies from
 * handlers, {code, message} objects from the Swagger validation layer.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { World } from '../world/world.js';
import { type Matcher, sortedLabels } from '../promql/labels.js';
import { readRequest, rfc3339, sendJson, sendText, type SimRequest } from '../prometheus/http.js';
import { RuleEvaluator } from '../prometheus/rules.js';
import { SimStorage } from '../prometheus/storage.js';
import { CONFIG_YAML, RECEIVERS, currentAlerts, type AmAlert } from './alerts.js';
import { matchesFilter, parseFilter } from './matchers.js';
import { AmError, SilenceStore, opOf, silenceState, type Silence, type SilenceMatcherJson } from './silences.js';

export const AM_VERSION = '0.25.0-obs-demo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AlertmanagerServerOptions {
  now?: () => number;
  /** defaults to the demo rules over the world's series */
  rules?: RuleEvaluator;
  /** silences survive as long as this store (defaults to a fresh one) */
  silences?: SilenceStore;
  /** base URL of the simulated Prometheus, for generatorURL */
  prometheusUrl?: string;
}

/** Alertmanager 0.25 reads anything but "true" (and an absent parameter) as false, without an error. */
function boolParam(req: SimRequest, name: string): boolean {
  const v = req.params.get(name);
  return v === null || v === 'true';
}

function filters(req: SimRequest): Matcher[] {
  try {
    return req.params.getAll('filter').map(parseFilter);
  } catch (err) {
    throw new AmError(400, (err as Error).message);
  }
}

function receiverFilter(req: SimRequest): RegExp | undefined {
  const r = req.params.get('receiver');
  if (r === null) return undefined;
  try {
    return new RegExp(`^(?:${r})$`);
  } catch (err) {
    throw new AmError(400, `failed to parse receiver param: ${(err as Error).message}`);
  }
}

function alertJson(a: AmAlert) {
  const suppressed = a.silencedBy.length > 0 || a.inhibitedBy.length > 0;
  return {
    labels: sortedLabels(a.labels),
    annotations: sortedLabels(a.annotations),
    startsAt: rfc3339(a.startsAt),
    updatedAt: rfc3339(a.updatedAt),
    endsAt: rfc3339(a.endsAt),
    fingerprint: a.fingerprint,
    generatorURL: a.generatorURL,
    receivers: [{ name: a.receiver.receiver }],
    status: { state: suppressed ? 'suppressed' : 'active', silencedBy: a.silencedBy, inhibitedBy: a.inhibitedBy },
  };
}

function silenceJson(s: Silence, now: number) {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: rfc3339(s.updatedAt),
    matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
    startsAt: rfc3339(s.startsAt),
    endsAt: rfc3339(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

const STATE_ORDER = { active: 1, pending: 2, expired: 3 } as const;

function sortSilences(list: Silence[], now: number): Silence[] {
  return list.sort((a, b) => {
    const sa = silenceState(a, now);
    const sb = silenceState(b, now);
    if (sa !== sb) return STATE_ORDER[sa] - STATE_ORDER[sb];
    if (sa === 'active') return a.endsAt - b.endsAt;
    if (sa === 'pending') return a.startsAt - b.startsAt;
    return b.endsAt - a.endsAt;
  });
}

function required<T>(body: Record<string, unknown>, name: string, type: string, prefix = ''): T {
  const v = body[name];
  if (v === undefined || v === null) throw new AmError(422, { code: 602, message: `${prefix}${name} in body is required` });
  if (type === 'date-time') {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) {
      throw new AmError(422, { code: 601, message: `${prefix}${name} in body must be of type date-time: ${JSON.stringify(v)}` });
    }
  } else if (typeof v !== type) {
    throw new AmError(422, { code: 601, message: `${prefix}${name} in body must be of type ${type}: ${JSON.stringify(typeof v)}` });
  }
  return v as T;
}

function parsePostableSilence(text: string) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new AmError(400, { code: 400, message: `parsing silence body from "" failed, because ${(err as Error).message}` });
  }
  if (typeof body !== 'object' || body === null) throw new AmError(400, { code: 400, message: 'parsing silence body from "" failed' });
  const rawMatchers = body.matchers;
  if (!Array.isArray(rawMatchers)) throw new AmError(422, { code: 602, message: 'matchers in body is required' });
  const matchers: SilenceMatcherJson[] = rawMatchers.map((m: Record<string, unknown>, i) => ({
    name: required<string>(m, 'name', 'string', `matchers.${i}.`),
    value: required<string>(m, 'value', 'string', `matchers.${i}.`),
    isRegex: required<boolean>(m, 'isRegex', 'boolean', `matchers.${i}.`),
    isEqual: m.isEqual === undefined ? undefined : Boolean(m.isEqual),
  }));
  const id = body.id === undefined || body.id === '' ? undefined : String(body.id);
  return {
    id,
    matchers,
    startsAt: Date.parse(required<string>(body, 'startsAt', 'date-time')),
    endsAt: Date.parse(required<string>(body, 'endsAt', 'date-time')),
    createdBy: required<string>(body, 'createdBy', 'string'),
    comment: required<string>(body, 'comment', 'string'),
  };
}

interface Ctx {
  now: () => number;
  rules: RuleEvaluator;
  silences: SilenceStore;
  prometheusUrl: string;
  startedAt: number;
}

function filteredAlerts(ctx: Ctx, req: SimRequest): AmAlert[] {
  const active = boolParam(req, 'active');
  const silenced = boolParam(req, 'silenced');
  const inhibited = boolParam(req, 'inhibited');
  const matchers = filters(req);
  const receiver = receiverFilter(req);
  return currentAlerts(ctx.rules, ctx.silences, ctx.now(), ctx.prometheusUrl).filter((a) => {
    const suppressed = a.silencedBy.length > 0 || a.inhibitedBy.length > 0;
    if (!active && !suppressed) return false;
    if (!silenced && a.silencedBy.length > 0) return false;
    if (!inhibited && a.inhibitedBy.length > 0) return false;
    if (receiver && !receiver.test(a.receiver.receiver)) return false;
    return matchesFilter(matchers, a.labels);
  });
}

function groups(ctx: Ctx, req: SimRequest) {
  const byKey = new Map<string, { labels: Record<string, string>; receiver: string; alerts: AmAlert[] }>();
  for (const a of filteredAlerts(ctx, req)) {
    const labels: Record<string, string> = {};
    for (const l of a.receiver.groupBy) if (a.labels[l] !== undefined) labels[l] = a.labels[l];
    const key = `${a.receiver.receiver}\u0000${JSON.stringify(Object.entries(labels).sort())}`;
    const g = byKey.get(key) ?? { labels, receiver: a.receiver.receiver, alerts: [] };
    g.alerts.push(a);
    byKey.set(key, g);
  }
  const label = (g: { labels: Record<string, string> }) => JSON.stringify(Object.entries(g.labels).sort());
  return [...byKey.values()]
    .sort((x, y) => (label(x) < label(y) ? -1 : label(x) > label(y) ? 1 : x.receiver < y.receiver ? -1 : 1))
    .map((g) => ({ labels: sortedLabels(g.labels), receiver: { name: g.receiver }, alerts: g.alerts.map(alertJson) }));
}

function handle(ctx: Ctx, req: SimRequest, res: ServerResponse): void {
  const { path, method } = req;
  if (path === '/-/ready' || path === '/-/healthy') return sendText(res, 200, 'OK');
  const now = ctx.now();
  if (path === '/api/v2/status' && method === 'GET') {
    return sendJson(res, 200, {
      cluster: { status: 'disabled', peers: [] },
      versionInfo: { version: AM_VERSION, revision: 'obs-demo', branch: 'HEAD', buildUser: 'obs@demo', buildDate: '20230101-00:00:00', goVersion: 'go1.19.5' },
      config: { original: CONFIG_YAML },
      uptime: rfc3339(ctx.startedAt),
    });
  }
  if (path === '/api/v2/receivers' && method === 'GET') return sendJson(res, 200, RECEIVERS.map((name) => ({ name })));
  if (path === '/api/v2/alerts' && method === 'GET') return sendJson(res, 200, filteredAlerts(ctx, req).map(alertJson));
  if (path === '/api/v2/alerts' && method === 'POST') return sendJson(res, 200, '');
  if (path === '/api/v2/alerts/groups' && method === 'GET') return sendJson(res, 200, groups(ctx, req));
  if (path === '/api/v2/silences' && method === 'GET') {
    const matchers = filters(req);
    const list = ctx.silences.all().filter((s) =>
      matchers.every((f) => s.matchers.some((m) => m.name === f.name && m.value === f.value && opOf(m) === f.type)),
    );
    return sendJson(res, 200, sortSilences(list, now).map((s) => silenceJson(s, now)));
  }
  if (path === '/api/v2/silences' && method === 'POST') {
    return sendJson(res, 200, { silenceID: ctx.silences.set(parsePostableSilence(req.body)) });
  }
  const one = /^\/api\/v2\/silence\/([^/]+)$/.exec(path);
  if (one && (method === 'GET' || method === 'DELETE')) {
    const id = decodeURIComponent(one[1]);
    if (!UUID.test(id)) throw new AmError(422, { code: 601, message: `silenceID in path must be of type uuid: ${JSON.stringify(id)}` });
    if (method === 'GET') {
      const s = ctx.silences.get(id);
      if (!s) return sendText(res, 404, '');
      return sendJson(res, 200, silenceJson(s, now));
    }
    // 0.25 answers an unknown id with 500 (0.27+ with 404)
    if (!ctx.silences.expire(id)) return sendJson(res, 500, 'silence not found');
    res.writeHead(200).end();
    return;
  }
  sendText(res, 404, '404 page not found\n');
}

export function createAlertmanagerServer(world: World, opts: AlertmanagerServerOptions = {}): Server {
  const now = opts.now ?? Date.now;
  const ctx: Ctx = {
    now,
    rules: opts.rules ?? new RuleEvaluator(new SimStorage(world, { now })),
    silences: opts.silences ?? new SilenceStore(now),
    prometheusUrl: opts.prometheusUrl ?? 'http://prometheus.obs-demo:9090',
    startedAt: now(),
  };
  return createServer((req, res) => {
    readRequest(req)
      .then((r) => handle(ctx, r, res))
      .catch((err: Error) => {
        if (err instanceof AmError) sendJson(res, err.status, err.body);
        else sendJson(res, 500, err.message);
      });
  });
}
