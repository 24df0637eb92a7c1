import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLokiServer } from '../../src/sim/loki/server.js';
import { createWorld } from '../../src/sim/world/world.js';
import { listen, type Running } from './harness.js';

type Frame = { streams: { stream: Record<string, string>; values: [string, string][] }[] };

let loki: Running;
beforeAll(async () => {
  // A live world: the tail follows the real clock.
  loki = await listen(createLokiServer(createWorld({ seed: 3, scenario: 'payments-db-latency', onsetMs: Date.now() - 40 * 60_000 })));
});
afterAll(() => loki.close());

function tailUrl(params: Record<string, string>): string {
  return `ws://127.0.0.1:${loki.port}/loki/api/v1/tail?${new URLSearchParams(params)}`;
}

/** Frames received until `enough` says stop (or the timeout passes). */
function collect(url: string, enough: (frames: Frame[]) => boolean, timeoutMs = 8000): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Frame[] = [];
    const timer = setTimeout(() => {
      ws.close();
      resolve(frames);
    }, timeoutMs);
    ws.on('message', (data) => {
      frames.push(JSON.parse(String(data)));
      if (enough(frames)) {
        clearTimeout(timer);
        ws.close();
        resolve(frames);
      }
    });
    ws.on('error', reject);
  });
}

function refusal(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
  });
}

describe('GET /loki/api/v1/tail (WebSocket)', () => {
  it('backfills at most `limit` lines since `start`, then streams new lines as they are written', async () => {
    const connectedNs = BigInt(Date.now()) * 1_000_000n;
    const start = String(connectedNs - 300n * 1_000_000_000n);
    const frames = await collect(tailUrl({ query: '{namespace="shop"}', start, limit: '20', delay_for: '0' }), (f) => f.length >= 3);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const backfill = frames[0].streams.flatMap((s) => s.values);
    expect(backfill.length).toBe(20);
    for (const [ts] of backfill) {
      expect(BigInt(ts)).toBeGreaterThanOrEqual(BigInt(start));
      expect(BigInt(ts)).toBeLessThanOrEqual(connectedNs + 1_000_000_000n);
    }
    const live = frames.slice(1).flatMap((f) => f.streams.flatMap((s) => s.values));
    expect(live.length).toBeGreaterThan(0);
    for (const [ts] of live) expect(BigInt(ts)).toBeGreaterThan(connectedNs - 1_000_000_000n);
    for (const f of frames) for (const s of f.streams) expect(s.stream.namespace).toBe('shop');
  });

  it('applies the query pipeline to live lines', async () => {
    // The frontend also logs background and startup lines without a method, at moments that depend on the clock:
    // the label filter keeps request lines only, so every line that arrives is reformatted.
    const query = '{service="frontend"} | json | method!="" | line_format "{{.method}} {{.status}}"';
    const frames = await collect(tailUrl({ query, limit: '5' }), (f) => f.length >= 2);
    const lines = frames.flatMap((f) => f.streams.flatMap((s) => s.values.map(([, line]) => line)));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(GET|POST) \d{3}$/);
  });

  it('closes the socket with 1011 and the error as reason when tailing fails', async () => {
    let broken = false;
    const clock = () => {
      if (broken) throw new Error('the clock broke');
      return Date.now();
    };
    const flaky = await listen(createLokiServer(createWorld({ seed: 3, scenario: 'calm', onsetMs: Date.now() }), { now: clock }));
    try {
      const closed = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${flaky.port}/loki/api/v1/tail?${new URLSearchParams({ query: '{namespace="shop"}' })}`);
        ws.on('message', () => (broken = true));
        ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
        ws.on('error', reject);
      });
      expect(closed).toEqual({ code: 1011, reason: 'the clock broke' });
    } finally {
      await flaky.close();
    }
  });

  it('lets the server close while tails are open, saying goodbye with 1001', async () => {
    const server = createLokiServer(createWorld({ seed: 3, scenario: 'calm', onsetMs: Date.now() }));
    const running = await listen(server);
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/loki/api/v1/tail?${new URLSearchParams({ query: '{namespace="shop"}' })}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const code = new Promise((resolve) => ws.on('close', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await code).toBe(1001);
  });

  it('refuses bad parameters with a plain-text 400 before upgrading', async () => {
    expect(await refusal(tailUrl({ query: '{service="frontend"}', delay_for: '6' }))).toEqual({ status: 400, body: "delay_for can't be greater than 5" });
    expect((await refusal(tailUrl({ query: 'count_over_time({service="frontend"}[1m])' }))).status).toBe(400);
    expect((await refusal(tailUrl({ query: '{service=' }))).body).toMatch(/^parse error/);
    expect((await refusal(tailUrl({ query: '{service="frontend"}', limit: '9000' }))).body).toMatch(/max entries limit per query exceeded/);
  });
});
