import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackends, type Backends } from '../backends/index.js';
import { resolveContext } from '../config/resolve.js';
import { probeBackend, SLOW_MS } from './probe.js';

/** A Loki whose /ready answers after `delayMs`, as obs's backends for the probe. */
async function lokiAnswering(delayMs: number): Promise<{ server: Server; backends: Backends }> {
  const server = createServer((_, res) => setTimeout(() => res.end('ready'), delayMs)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, backends: await openBackends(resolveContext({ contexts: {} }, undefined, { OBS_LOKI_URL: url })) };
}

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

  it('does not blame the backend for time this process was busy with other work', async () => {
    open = await lokiAnswering(0);
    const probe = probeBackend(open.backends, 'loki');
    busyFor(1.5 * SLOW_MS);
    const status = await probe;
    expect(status.state).toBe('up');
    expect(status.latencyMs).toBeLessThan(SLOW_MS);
  });
});
