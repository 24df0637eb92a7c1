/**
 * Local servers that keep the documented contracts of the services obs notifies, with faults
 * that can be queued per request:
 * - PagerDuty Events API v2 (`POST /v2/enqueue`): 202 {"status":"success","message":"Event processed","dedup_key"},
 *   400 {"status":"invalid event","message":"Event object is invalid","errors":[...]}, 429 when throttled;
 *   alerts keyed by dedup_key: acknowledge and resolve of an unknown or resolved alert are dropped.
 * - Slack Web API `POST /api/chat.postMessage`: HTTP 200 with {"ok":true,"channel","ts","message"} or
 *   {"ok":false,"error":"invalid_auth"|"channel_not_found"|"no_text"|"thread_not_found"}; 429 with Retry-After
 *   and {"ok":false,"error":"ratelimited"}.
 * - Slack incoming webhook `POST <secret path>`: 200 "ok"; 400 "invalid_payload"/"no_text", 404 "no_service",
 *   429 with Retry-After, 500.
 * - A generic JSON webhook: 2xx, and whatever faults are queued.
 */
import type { ServerResponse } from 'node:http';
import { reply, startFakeServer, type FakeRequest } from './fake-server.js';

/** A fault answers one request instead of the contract: a 5xx, a 429 (with Retry-After seconds), or silence until `ms` (a timeout). */
export type Fault = { status: 500 | 502 | 503 } | { status: 429; retryAfter?: number } | { hangMs: number } | { status: 400 | 403 | 404; body: string };

function faultAnswer(fault: Fault, res: ServerResponse, rateLimitBody: unknown): Promise<void> | void {
  if ('hangMs' in fault) return new Promise((resolve) => setTimeout(() => { if (!res.destroyed) reply(res, 504, 'late'); resolve(); }, fault.hangMs));
  if (fault.status === 429) return reply(res, 429, rateLimitBody, 'application/json', fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
  if ('body' in fault) return reply(res, fault.status, fault.body, 'text/plain');
  return reply(res, fault.status, 'internal error', 'text/plain');
}

export interface PdEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; custom_details?: Record<string, unknown> };
  links?: { href: string; text?: string }[];
}

export async function startFakePagerDuty(routingKey: string) {
  const faults: Fault[] = [];
  /** Events PagerDuty accepted and processed (202), in order. */
  const accepted: PdEvent[] = [];
  const alerts = new Map<string, 'triggered' | 'acknowledged' | 'resolved'>();
  const server = await startFakeServer(async (req, res) => {
    if (req.method !== 'POST' || req.url.pathname !== '/v2/enqueue') return reply(res, 404, { status: 'not found' });
    const fault = faults.shift();
    if (fault) return faultAnswer(fault, res, { status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' });
    let e: PdEvent;
    try {
      e = JSON.parse(req.body) as PdEvent;
    } catch {
      return reply(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Malformed JSON'] });
    }
    const errors: string[] = [];
    if (e.routing_key?.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
    if (!['trigger', 'acknowledge', 'resolve'].includes(e.event_action)) errors.push("'event_action' is missing or blank");
    if (typeof e.dedup_key === 'string' && e.dedup_key.length > 255) errors.push("'dedup_key' is too long");
    if (e.event_action === 'trigger') {
      if (!e.payload?.summary) errors.push("'payload.summary' is missing or blank");
      if (!e.payload?.source) errors.push("'payload.source' is missing or blank");
      if (!['critical', 'error', 'warning', 'info'].includes(e.payload?.severity ?? '')) errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
    } else if (!e.dedup_key) errors.push("'dedup_key' is missing or blank");
    if (errors.length) return reply(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
    if (e.routing_key !== routingKey) return reply(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] });
    const state = alerts.get(e.dedup_key);
    if (e.event_action === 'trigger' && (state === undefined || state === 'resolved')) alerts.set(e.dedup_key, 'triggered');
    if (e.event_action === 'acknowledge' && state === 'triggered') alerts.set(e.dedup_key, 'acknowledged');
    if (e.event_action === 'resolve' && (state === 'triggered' || state === 'acknowledged')) alerts.set(e.dedup_key, 'resolved');
    accepted.push(e);
    return reply(res, 202, { status: 'success', message: 'Event processed', dedup_key: e.dedup_key });
  });
  return { ...server, faults, accepted, alerts, url: `${server.url}/v2/enqueue` };
}

export interface SlackPost {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
}

/** Slack: the Web API (chat.postMessage) and one incoming webhook on `webhookPath`. */
export async function startFakeSlack(options: { token: string; channels: Record<string, string>; webhookPath: string }) {
  const apiFaults: Fault[] = [];
  const webhookFaults: Fault[] = [];
  const posts: SlackPost[] = [];
  const webhook: { text?: string; blocks?: unknown[] }[] = [];
  let clock = 1_700_000_000;
  const server = await startFakeServer(async (req: FakeRequest, res) => {
    if (req.method === 'POST' && req.url.pathname === '/api/chat.postMessage') {
      const fault = apiFaults.shift();
      if (fault) return faultAnswer(fault, res, { ok: false, error: 'ratelimited' });
      const auth = req.headers.authorization;
      if (!auth) return reply(res, 200, { ok: false, error: 'not_authed' });
      if (auth !== `Bearer ${options.token}`) return reply(res, 200, { ok: false, error: 'invalid_auth' });
      let body: Omit<SlackPost, 'ts'>;
      try {
        body = JSON.parse(req.body);
      } catch {
        return reply(res, 200, { ok: false, error: 'invalid_json' });
      }
      const id = options.channels[body.channel] ?? (Object.values(options.channels).includes(body.channel) ? body.channel : undefined);
      if (!id) return reply(res, 200, { ok: false, error: 'channel_not_found' });
      if (!body.text && !body.blocks?.length) return reply(res, 200, { ok: false, error: 'no_text' });
      if (body.thread_ts && !posts.some((p) => p.channel === id && p.ts === body.thread_ts && !p.thread_ts)) return reply(res, 200, { ok: false, error: 'thread_not_found' });
      const ts = `${clock++}.000100`;
      posts.push({ ...body, channel: id, ts });
      return reply(res, 200, { ok: true, channel: id, ts, message: { type: 'message', text: body.text, ts } });
    }
    if (req.method === 'POST' && req.url.pathname === options.webhookPath) {
      const fault = webhookFaults.shift();
      if (fault) return faultAnswer(fault, res, 'rate_limited');
      let body: { text?: string; blocks?: unknown[] };
      try {
        body = JSON.parse(req.body);
      } catch {
        return reply(res, 400, 'invalid_payload', 'text/plain');
      }
      if (!body.text && !body.blocks?.length) return reply(res, 400, 'no_text', 'text/plain');
      webhook.push(body);
      return reply(res, 200, 'ok', 'text/html');
    }
    if (req.method === 'POST' && req.url.pathname.startsWith('/services/')) return reply(res, 404, 'no_service', 'text/plain');
    return reply(res, 404, { ok: false, error: 'unknown_method' });
  });
  return { ...server, apiFaults, webhookFaults, posts, webhook, apiUrl: `${server.url}/api`, webhookUrl: `${server.url}${options.webhookPath}` };
}

/** A generic JSON webhook receiver. */
export async function startFakeWebhook() {
  const faults: Fault[] = [];
  const received: { headers: FakeRequest['headers']; body: Record<string, unknown> }[] = [];
  const server = await startFakeServer(async (req, res) => {
    const fault = faults.shift();
    if (fault) return faultAnswer(fault, res, { error: 'slow down' });
    received.push({ headers: req.headers, body: JSON.parse(req.body) });
    return reply(res, 204, '');
  });
  return { ...server, faults, received, url: `${server.url}/hooks/obs` };
}
