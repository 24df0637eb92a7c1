import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentStore } from '../incidents/store.js';
import type { ResolvedChannel } from './config.js';
import { deliverPending, laterBackoffMs } from './deliver.js';
import type { Sender, SendOutcome } from './send.js';

const channel = (name: string): ResolvedChannel => ({ name, type: 'webhook', url: 'http://unused.invalid/', headers: {}, timeoutMs: 1000 });

async function incident(notify: string[]) {
  const store = new IncidentStore({ dir: join(mkdtempSync(join(tmpdir(), 'obs-deliver-')), 'incidents'), author: 'alice' });
  const { id } = await store.open({ title: 't', severity: 'sev2', notify });
  await store.append(id, { type: 'acknowledged' }, { notify });
  await store.append(id, { type: 'status', status: 'resolved' }, { notify });
  return { store, id };
}

/** A sender that answers from a script per call and records what it was asked to send. */
function scripted(answers: SendOutcome[] = []) {
  const sent: string[] = [];
  const send: Sender = async (c, d) => {
    await new Promise((r) => setTimeout(r, 5));
    sent.push(`${c.name}:${d.event.type}`);
    return answers.shift() ?? { ok: true, retryable: false };
  };
  return { send, sent };
}

describe('delivering an incident\'s notifications', () => {
  it('sends each once even when two processes flush at the same time', async () => {
    const { store, id } = await incident(['a', 'b']);
    const { send, sent } = scripted();
    await Promise.all([
      deliverPending(store, id, [channel('a'), channel('b')], { send }),
      deliverPending(new IncidentStore({ dir: store.dir, author: 'bob' }), id, [channel('a'), channel('b')], { send }),
    ]);
    expect(sent.filter((s) => s.startsWith('a:'))).toEqual(['a:opened', 'a:acknowledged', 'a:status']);
    expect(sent.filter((s) => s.startsWith('b:'))).toEqual(['b:opened', 'b:acknowledged', 'b:status']);
    expect((await store.read(id)).state.notifications.every((n) => n.status === 'sent' && n.attempts === 1)).toBe(true);
  });

  it('stops a channel at its first failure so later steps never overtake it, and waits out the backoff', async () => {
    const { store, id } = await incident(['a']);
    const failing = scripted([{ ok: false, retryable: true, error: 'HTTP 503' }, { ok: false, retryable: true, error: 'HTTP 503' }]);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const report = await deliverPending(store, id, [channel('a')], { send: failing.send, sleep, attempts: 2, now: () => t0 });
    expect(failing.sent).toEqual(['a:opened', 'a:opened']);
    expect(waits).toEqual([500]);
    expect(report.failed).toEqual([{ channel: 'a', source: expect.any(String), error: 'HTTP 503', retryAt: t0 + laterBackoffMs(2) }]);

    // Not due yet: nothing is sent; once due, everything goes, in order.
    const later = scripted();
    await deliverPending(store, id, [channel('a')], { send: later.send, now: () => t0 + 1000 });
    expect(later.sent).toEqual([]);
    await deliverPending(store, id, [channel('a')], { send: later.send, now: () => t0 + laterBackoffMs(2) });
    expect(later.sent).toEqual(['a:opened', 'a:acknowledged', 'a:status']);
  });

  it('honours a Retry-After longer than the command may wait by recording it for later', async () => {
    const { store, id } = await incident(['a']);
    const limited = scripted([{ ok: false, retryable: true, retryAfterMs: 3_600_000, error: 'rate limited' }]);
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const report = await deliverPending(store, id, [channel('a')], { send: limited.send, sleep: async () => undefined, now: () => t0 });
    expect(limited.sent).toEqual(['a:opened']);
    expect(report.failed[0].retryAt).toBe(t0 + 3_600_000);
  });
});
