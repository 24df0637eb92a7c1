import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackends, type Backends } from '../backends/index.js';
import { resolveContext } from '../config/resolve.js';
import { probeBackend, SLOW_MS } from './probe.js';

/** A server answering as `handle` does, as obs's backends for the probe (`env`: OBS_LOKI_URL, OBS_PROMETHEUS_URL...). */
async function serving(env: string, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; backends: Backends }> {
  const server = createServer(handle).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, backends: await openBackends(resolveContext({ contexts: {} }, undefined, { [env]: url })) };
}

/** A Loki that answers after `delayMs`. */
const lokiAnswering = (delayMs: number) => serving('OBS_LOKI_URL', (_, res) => setTimeout(() => res.end('{"status":"success","data":[]}'), delayMs));

/** A Prometheus-compatible server (Cortex, a proxy) that answers queries but has no buildinfo, or answers nothing but 503. */
const prometheusLike = (queries: 'answered' | 'refused') =>
  serving('OBS_PROMETHEUS_URL', (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (queries === 'answered' && req.url?.startsWith('/api/v1/query?')) return res.end('{"status":"success","data":{"resultType":"scalar","result":[0,"1"]}}');
    res.statusCode = queries === 'answered' ? 404 : 503;
    res.end('{"status":"error","error":"not here"}');
  });

/** Keeps this process's event loop busy, as the demo world's in-process servers do while computing a week of data. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('probeBackend', () => {
  let open: { server: Server; backends: Backends } | undefined;
  afterEach(async () => {
    await open?.backends.close();
    open?.server.close();
    open = undefined;
  });

  it('shows a backend that takes longer than the threshold to answer as slow', async () => {
    open = await lokiAnswering(2 * SLOW_MS);
    const status = await probeBackend(open.backends, 'loki');
    expect(status.state).toBe('slow');
    expect(status.latencyMs).toBeGreaterThan(SLOW_MS);
  });

  it('shows a Prometheus-compatible backend without buildinfo as up when it answers queries, as obs doctor does', async () => {
    open = await prometheusLike('answered');
    expect((await probeBackend(open.backends, 'prometheus')).state).toBe('up');
  });

  it('shows a Prometheus that does not answer queries as down, with its error', async () => {
    open = await prometheusLike('refused');
    const status = await probeBackend(open.backends, 'prometheus');
    expect(status.state).toBe('down');
    expect(status.message).toBe('not here');
  });

  it('does not blame the backend for time this process was busy with other work', async () => {
    open = await lokiAnswering(0);
    const probe = probeBackend(open.backends, 'loki');
    busyFor(1.5 * SLOW_MS);
    const status = await probe;
    expect(status.state).toBe('up');
    expect(status.latencyMs).toBeLessThan(SLOW_MS);
  });
});
