/** Shared setup for the demo world's signal tests: a world pinned to a fixed clock, and servers on free ports. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWorld, type World } from '../../src/sim/world/world.js';

/** Wednesday 14 May 2025, 15:00 UTC. */
export const NOW = Date.UTC(2025, 4, 14, 15, 0, 0);
export const clock = () => NOW;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** payments-db-latency, 40 minutes in: at its peak. */
export function incidentWorld(seed = 7, scenario = 'payments-db-latency'): World {
  return createWorld({ seed, scenario, onsetMs: NOW - 40 * MIN });
}

export interface Running {
  base: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(server: Server): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** ns string of a unix ms instant, as clients send Loki timestamps. */
export function ns(ms: number): string {
  return `${BigInt(ms) * 1_000_000n}`;
}
