import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../../test/support/fake-server.js';
import { IncidentStore } from '../incidents/store.js';
import type { ResolvedChannel } from './config.js';
import { send, type Delivery } from './send.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function opened(): Promise<Delivery> {
  const store = new IncidentStore({ dir: join(mkdtempSync(join(tmpdir(), 'obs-send-')), 'incidents'), author: 'alice' });
  const { state, events } = await store.open({ title: 'checkout down', severity: 'sev2' });
  return { state, event: events[0]!, announced: false };
}

describe('sending to a channel URL', () => {
  it('posts to a webhook URL as written: its path, trailing slash and query kept', async () => {
    const s = await startFakeServer((_req, res) => reply(res, 200, 'ok', 'text/plain'));
    closers.push(s.close);
    const delivery = await opened();
    const channel = (url: string): ResolvedChannel => ({ name: 'audit', type: 'webhook', url, headers: {}, timeoutMs: 2000 });
    expect(await send(channel(`${s.url}/hooks/obs?team=ops&v=2`), delivery)).toMatchObject({ ok: true });
    expect(await send(channel(`${s.url}/hooks/obs/`), delivery)).toMatchObject({ ok: true });
    expect(s.requests.map((r) => `${r.method} ${r.target}`)).toEqual(['POST /hooks/obs?team=ops&v=2', 'POST /hooks/obs/']);
  });

  it("keeps a webhook's token, which sits in its path, out of the failure an echoing server returns", async () => {
    const s = await startFakeServer((req, res) => reply(res, 404, `Cannot POST ${req.target}`, 'text/plain'));
    closers.push(s.close);
    const channel: ResolvedChannel = { name: 'ops', type: 'slack-webhook', url: `${s.url}/services/T0AAA/B0BBB/SeCrEtWeBhOoKpAtH123`, headers: {}, timeoutMs: 2000 };
    const outcome = await send(channel, await opened());
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('Cannot POST') });
    expect(JSON.stringify(outcome)).not.toContain('SeCrEtWeBhOoKpAtH123');
  });

  it("calls chat.postMessage under a Slack API URL's path, with its query", async () => {
    const s = await startFakeServer((_req, res) => reply(res, 200, { ok: true, channel: 'C1', ts: '1.2' }));
    closers.push(s.close);
    const channel: ResolvedChannel = { name: 'ops', type: 'slack', url: `${s.url}/api/?team=T1`, token: 'xoxb-test-token', channel: '#ops', headers: {}, timeoutMs: 2000 };
    expect(await send(channel, await opened())).toMatchObject({ ok: true, thread: { channel: 'C1', ts: '1.2' } });
    expect(s.requests[0]!.target).toBe('/api/chat.postMessage?team=T1');
  });
});
