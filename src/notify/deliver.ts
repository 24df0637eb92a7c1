import type { IncidentStore } from '../incidents/store.js';
import type { IncidentEvent, NotificationRecord } from '../incidents/types.js';
import type { ResolvedChannel } from './config.js';
import { send as defaultSend, type SendOutcome, type Sender } from './send.js';

export interface DeliverOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  send?: Sender;
  /** Attempts per notification in one run before it is left for later. Default 3. */
  attempts?: number;
  /** How long one run may wait between attempts on a channel, in all. Default 10s: a command never hangs on a channel. */
  waitBudgetMs?: number;
  /** `obs incident sync`: also retry what failed for good (after a config fix) and what is not due yet. */
  manual?: boolean;
  runbookUrl?: string;
}

export interface DeliveryReport {
  sent: { channel: string; source: string }[];
  failed: { channel: string; source: string; error: string; retryAt?: number }[];
  /** Planned on a channel the context no longer has: kept pending. */
  unknownChannels: string[];
}

/** How long to leave a failed notification before the next automatic try: 30s, doubling, at most 15 minutes. */
export function laterBackoffMs(attempts: number): number {
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Send what the incident's log says is still to be sent, and record every attempt in the log.
 * Per channel, notifications go in the order of their events and stop at the first one that
 * fails, so a channel never hears "resolved" before "triggered". One process at a time does this
 * for an incident (the delivery lock), and it re-reads the log under the lock, so a notification
 * is sent once even when several engineers run obs at the same time.
 */
export async function deliverPending(store: IncidentStore, id: string, channels: ResolvedChannel[], options: DeliverOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [], unknownChannels: [] };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const sender = options.send ?? defaultSend;
  const maxAttempts = options.attempts ?? 3;
  const budget = options.waitBudgetMs ?? 10_000;
  const byName = new Map(channels.map((c) => [c.name, c]));

  const pendingNow = (await store.read(id)).state.notifications.some((n) => n.status !== 'sent');
  if (!pendingNow) return report;

  await store.withDeliveryLock(id, async () => {
    const { state, events } = await store.read(id);
    const eventById = new Map(events.filter((e) => e.id).map((e) => [e.id!, e]));
    const names = [...new Set(state.notifications.filter((n) => n.status !== 'sent').map((n) => n.channel))];
    await Promise.all(
      names.map(async (name) => {
        const channel = byName.get(name);
        if (!channel) {
          report.unknownChannels.push(name);
          return;
        }
        const records = state.notifications.filter((n) => n.channel === name);
        let thread = records.find((n) => n.thread)?.thread;
        let announced = records.some((n) => n.status === 'sent');
        let waited = 0;
        for (const record of records) {
          if (record.status === 'sent') continue;
          if (!options.manual && !due(record, now())) return;
          const event = eventById.get(record.source);
          if (!event) return;
          let attempt = record.attempts;
          let outcome: SendOutcome;
          for (let tries = 1; ; tries++) {
            attempt++;
            outcome = await sender(channel, { state, event, thread, announced, runbookUrl: options.runbookUrl });
            if (outcome.ok || !outcome.retryable || tries >= maxAttempts) break;
            const wait = outcome.retryAfterMs ?? Math.min(500 * 2 ** (tries - 1), 4_000);
            if (waited + wait > budget) break;
            waited += wait;
            await sleep(wait);
          }
          const retryAt = !outcome.ok && outcome.retryable ? now() + Math.max(outcome.retryAfterMs ?? 0, laterBackoffMs(attempt)) : undefined;
          await recordAttempt(store, id, { event, channel: name, attempt, outcome, retryAt });
          if (!outcome.ok) {
            report.failed.push({ channel: name, source: record.source, error: outcome.error ?? 'failed', ...(retryAt ? { retryAt } : {}) });
            return;
          }
          report.sent.push({ channel: name, source: record.source });
          announced = true;
          thread ??= outcome.thread;
        }
      }),
    );
  });
  return report;
}

/** A failed notification is retried automatically once its time has come; one that failed for good waits for `obs incident sync`. */
function due(record: NotificationRecord, now: number): boolean {
  if (record.status === 'pending') return true;
  return record.retryAt !== undefined && record.retryAt <= now;
}

interface Attempt {
  event: IncidentEvent;
  channel: string;
  attempt: number;
  outcome: SendOutcome;
  retryAt?: number;
}

async function recordAttempt(store: IncidentStore, id: string, { event, channel, attempt, outcome, retryAt }: Attempt): Promise<void> {
  await store.append(id, {
    type: 'notified',
    source: event.id!,
    channel,
    ok: outcome.ok,
    attempt,
    ...(outcome.error ? { error: outcome.error.slice(0, 500) } : {}),
    ...(retryAt !== undefined ? { retryAt: new Date(retryAt).toISOString() } : {}),
    ...(outcome.thread ? { thread: outcome.thread } : {}),
    ...(outcome.page ? { page: true } : {}),
  });
}
