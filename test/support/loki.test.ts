/**
 * The real-Loki harness when Loki dies under a test: the failure says how it ended and what it
 * wrote last, at once, instead of a bare "connection refused" (or a hang).
 */
import { expect, it } from 'vitest';
import { describeWithLoki, startLoki } from './loki.js';

describeWithLoki('the Loki harness', () => {
  it('names the exit and shows the output tail when Loki is killed mid-test', async () => {
    // At info level Loki always writes something: the tail is not empty.
    const loki = await startLoki({ logLevel: 'info' });
    try {
      const ns = BigInt(Date.now()) * 1_000_000n;
      await loki.push([{ stream: { app: 'harness' }, values: [[String(ns), 'one line']] }]);
      process.kill(loki.pid, 'SIGKILL');

      const pushed = await loki.push([{ stream: { app: 'harness' }, values: [[String(ns + 1n), 'another']] }]).then(() => undefined, (e: Error) => e);
      expect(pushed?.message).toMatch(/^loki was killed by SIGKILL while the tests ran; its last output:\n/);
      const tail = loki.output();
      expect(tail.length).toBeGreaterThan(0);
      expect(tail.length).toBeLessThanOrEqual(8000);
      expect(pushed!.message.endsWith(tail)).toBe(true);
      // Not a 30-second wait for a count that cannot come.
      await expect(loki.settle('{app="harness"}', ns, ns + 2n, 2)).rejects.toThrow('loki was killed by SIGKILL');
      expect(() => loki.check()).toThrow('loki was killed by SIGKILL');
    } finally {
      // Stopped: the after-each check no longer counts it.
      await loki.stop();
    }
  }, 90_000);

  it('says nothing when the harness itself restarts or stops Loki', async () => {
    const loki = await startLoki();
    try {
      await loki.restart();
      expect(() => loki.check()).not.toThrow();
    } finally {
      await loki.stop();
    }
  }, 120_000);
});
