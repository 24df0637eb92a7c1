import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backends } from '../backends/index.js';
import type { ServiceIdentity } from '../identity/identity.js';
import { gatherEvidence, type LiveBackends } from './live.js';
import { liveEvidenceSources } from './live-sources.js';

/** Holds the CPU, as parsing a large set of SLO specs does on a busy machine. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('liveEvidenceSources', () => {
  // A log source answering at once over HTTP: its answer arrives while the specs parse.
  const server = createServer((_req, res) => res.end('{"payments":2}'));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('parses the SLO specs before the evidence budget starts: an answer that arrived meanwhile is kept', async () => {
    const backends = { has: (b: string) => b === 'prometheus' } as unknown as Backends;
    const sources = liveEvidenceSources(backends, {} as ServiceIdentity, {
      now: 0,
      slos: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        busy(600);
        return [];
      },
    });
    const gathered = await gatherEvidence({ has: () => false } as unknown as LiveBackends, ['payments'], { start: 0, end: 1 }, {
      ...sources,
      newLogPatterns: async () => (await fetch(url)).json() as Promise<Record<string, number>>,
      timeBudgetMs: 400,
    });
    expect(gathered.failed).toEqual([]);
    expect(gathered.evidence).toEqual({ sloBurn: {}, newLogPatterns: { payments: 2 } });
  });
});
