import { HttpClient } from '../http/client.js';
import { registerWebhookUrl } from '../http/redact.js';
import { BackendError } from '../http/errors.js';
import { parseRetryAfter } from '../http/retry.js';
import type { IncidentEvent, IncidentState, ThreadRef } from '../incidents/types.js';
import type { ResolvedChannel } from './config.js';
import { briefLines, incidentBrief, slackBrief, slackEscape, updateLine } from './message.js';

/** What one delivery attempt came to. `retryable`: the same request may succeed later. */
export interface SendOutcome {
  ok: boolean;
  retryable: boolean;
  /** The server's Retry-After. */
  retryAfterMs?: number;
  error?: string;
  /** Slack Web API: where the thread of this incident lives (from the first message). */
  thread?: ThreadRef;
  /** PagerDuty accepted a trigger: someone is being paged. */
  page?: boolean;
}

export interface Delivery {
  state: IncidentState;
  event: IncidentEvent;
  /** The thread this channel's earlier messages started, if any. */
  thread?: ThreadRef;
  /** Whether this channel already carried a message about the incident. */
  announced: boolean;
  runbookUrl?: string;
}

export type Sender = (channel: ResolvedChannel, delivery: Delivery) => Promise<SendOutcome>;

/** Send one notification with the channel's documented contract. Never throws. */
export const send: Sender = async (channel, delivery) => {
  if (channel.type === 'slack-webhook' || channel.type === 'webhook') registerWebhookUrl(channel.url);
  // The channel's URL is the client's base, its query kept: a request path is appended to it, or '' for the URL itself.
  const http = new HttpClient({
    backend: channel.type === 'pagerduty' ? 'pagerduty' : channel.type === 'webhook' ? 'webhook' : 'slack',
    baseUrl: channel.url,
    timeoutMs: channel.timeoutMs,
    concurrency: 1,
    retries: 0,
    proxy: 'env',
  });
  try {
    switch (channel.type) {
      case 'pagerduty':
        return await pagerduty(http, channel, delivery);
      case 'slack':
        return await slackApi(http, channel, delivery);
      case 'slack-webhook':
        return await postJson(http, slackWebhookBody(delivery), {});
      case 'webhook':
        return await postJson(http, webhookBody(delivery), channel.headers);
    }
  } catch (err) {
    return failure(err);
  } finally {
    await http.close().catch(() => undefined);
  }
};

// ——— PagerDuty Events API v2 ———

const PD_SEVERITY = { sev1: 'critical', sev2: 'error', sev3: 'warning', sev4: 'info' } as const;

/** trigger (opening, escalation, reopening), acknowledge or resolve; the dedup key is the incident ID. */
export function pagerdutyAction(event: IncidentEvent): 'trigger' | 'acknowledge' | 'resolve' {
  if (event.type === 'acknowledged') return 'acknowledge';
  if (event.type === 'status' && event.status === 'resolved') return 'resolve';
  return 'trigger';
}

export function pagerdutyBody(routingKey: string, d: Delivery): Record<string, unknown> {
  const action = pagerdutyAction(d.event);
  const body: Record<string, unknown> = { routing_key: routingKey, event_action: action, dedup_key: d.state.id };
  if (action !== 'trigger') return body;
  const brief = incidentBrief(d.state, { runbookUrl: d.runbookUrl });
  body.payload = {
    summary: `[${brief.severity.toUpperCase()}] ${brief.title}`.slice(0, 1024),
    source: brief.services[0] ?? brief.id,
    severity: PD_SEVERITY[d.state.severity],
    timestamp: brief.startedAt,
    ...(brief.candidates[0] ? { component: brief.candidates[0].service } : {}),
    ...(brief.services.length ? { group: brief.services.join(',').slice(0, 255) } : {}),
    class: 'obs incident',
    custom_details: {
      incident: brief.id,
      status: brief.status,
      services: brief.services,
      root_cause_candidates: brief.candidates,
      slo_burn: brief.sloBurn,
      impact: brief.impact ?? null,
      on_it: brief.onIt ?? null,
      brief: briefLines(brief).join('\n'),
    },
  };
  body.links = brief.runbooks.filter((r) => r.url).map((r) => ({ href: r.url, text: `Runbook ${r.name}` }));
  body.client = 'obs';
  return body;
}

async function pagerduty(http: HttpClient, channel: ResolvedChannel, d: Delivery): Promise<SendOutcome> {
  const answer = await http.json<{ status?: string; message?: string; errors?: string[] }>({
    method: 'POST',
    path: '',
    json: pagerdutyBody(channel.routingKey!, d),
    acceptStatus: [429],
  });
  if (answer.status === 429) return rateLimited(answer.headers['retry-after'], 'PagerDuty: too many events (429)');
  // 202 Accepted: {"status":"success","message":"Event processed","dedup_key":...}
  return { ok: true, retryable: false, page: pagerdutyAction(d.event) === 'trigger' };
}

// ——— Slack ———

/** chat.postMessage with a bot token: the first message starts the thread, later ones reply in it. */
async function slackApi(http: HttpClient, channel: ResolvedChannel, d: Delivery): Promise<SendOutcome> {
  const message = d.thread
    ? {
        channel: d.thread.channel,
        thread_ts: d.thread.ts,
        text: slackEscape(updateLine(d.state, d.event)),
        // Resolution and escalation are worth showing in the channel too, not only in the thread.
        ...(d.event.type === 'escalated' || (d.event.type === 'status' && d.event.status === 'resolved') ? { reply_broadcast: true } : {}),
      }
    : { channel: channel.channel, ...slackBrief(incidentBrief(d.state, { runbookUrl: d.runbookUrl }), d.event.type === 'opened' ? undefined : updateLine(d.state, d.event)) };
  const answer = await http.json<{ ok?: boolean; error?: string; channel?: string; ts?: string }>({
    method: 'POST',
    path: '/chat.postMessage',
    json: message,
    headers: { authorization: `Bearer ${channel.token}`, 'content-type': 'application/json; charset=utf-8' },
    acceptStatus: [429],
  });
  if (answer.status === 429) return rateLimited(answer.headers['retry-after'], 'Slack: ratelimited (429)');
  const data = answer.data ?? {};
  // Slack answers 200 with {"ok":false,"error":"channel_not_found"} for most problems.
  if (!data.ok) return { ok: false, retryable: SLACK_TRANSIENT.has(data.error ?? ''), error: `Slack: ${data.error ?? 'answered without ok'}` };
  if (d.thread) return { ok: true, retryable: false };
  if (!data.channel || !data.ts) return { ok: false, retryable: false, error: 'Slack: the answer has no channel and ts to thread under' };
  return { ok: true, retryable: false, thread: { channel: data.channel, ts: data.ts } };
}

const SLACK_TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function slackWebhookBody(d: Delivery): unknown {
  if (d.announced) return { text: slackEscape(updateLine(d.state, d.event)) };
  return slackBrief(incidentBrief(d.state, { runbookUrl: d.runbookUrl }), d.event.type === 'opened' ? undefined : updateLine(d.state, d.event));
}

// ——— generic webhook ———

/** The documented JSON of a webhook delivery (version 1). */
export function webhookBody(d: Delivery): Record<string, unknown> {
  const { event } = d;
  return {
    version: 1,
    incident: d.state.id,
    event: { id: event.id, type: event.type, at: event.at, author: event.author, origin: event.origin ?? null, text: updateLine(d.state, event) },
    brief: incidentBrief(d.state, { runbookUrl: d.runbookUrl }),
  };
}

async function postJson(http: HttpClient, body: unknown, headers: Record<string, string>): Promise<SendOutcome> {
  const answer = await http.text({ method: 'POST', path: '', json: body, headers, acceptStatus: [429] });
  if (answer.status === 429) return rateLimited(answer.headers['retry-after'], `${http.backend}: rate limited (429)`);
  return { ok: true, retryable: false };
}

// ——— outcomes ———

function rateLimited(retryAfter: string | string[] | undefined, error: string): SendOutcome {
  const ms = parseRetryAfterUncapped(retryAfter);
  return { ok: false, retryable: true, error, ...(ms !== undefined ? { retryAfterMs: ms } : {}) };
}

/** Retry-After as sent; the delivery decides whether to wait that long now or record it for later. */
function parseRetryAfterUncapped(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v && /^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  return parseRetryAfter(v);
}

function failure(err: unknown): SendOutcome {
  if (err instanceof BackendError) {
    // 4xx other than 408/429 means the request itself is wrong (bad key, unknown channel): retrying will not help.
    const permanent = err.kind === 'http' && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 408;
    // Without the URL: a webhook's URL is its secret.
    const status = err.status ? ` [HTTP ${err.status}]` : '';
    return { ok: false, retryable: !permanent && err.kind !== 'decode', error: `${err.backend}: ${err.message}${status}` };
  }
  return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
}
