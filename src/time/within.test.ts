import { describe, expect, it } from 'vitest';
import { within } from './within.js';

describe('within', () => {
  it('gives the answer that comes in time', async () => {
    await expect(within(Promise.resolve(42), 1000, 'late')).resolves.toBe(42);
  });

  it('gives up on an answer that never comes, saying so', async () => {
    await expect(within(new Promise(() => {}), 10, 'Loki did not answer')).rejects.toThrow('Loki did not answer');
  });

  it('without a bound, waits as long as the answer takes', async () => {
    await expect(within(new Promise((r) => setTimeout(() => r('slow'), 20)), Infinity, 'late')).resolves.toBe('slow');
  });
});
