import { describe, expect, it } from 'vitest';
import { ServiceIdentity, type IdentityBackends } from './identity.js';

/** Backends whose Loki label API never answers, as a hung Loki or a black-holed route does. */
function hungLoki(logLabels?: string[]): IdentityBackends & { asked: string[] } {
  const asked: string[] = [];
  const never = <T>(what: string) => { asked.push(what); return new Promise<T>(() => undefined); };
  return {
    asked,
    has: (b) => b === 'loki',
    context: { context: { services: logLabels ? { logLabels } : {} } },
    prometheus: { labelValues: () => never('prometheus'), series: () => never('prometheus') } as unknown as IdentityBackends['prometheus'],
    loki: { labels: () => never('labels'), labelValues: () => never('values') },
    jaeger: { services: () => never('jaeger') },
  };
}

describe('ServiceIdentity with a Loki that never answers', () => {
  it('gives up on the label lookup after the wait it is given, saying so', async () => {
    const identity = new ServiceIdentity(hungLoki());
    await expect(identity.logs(20)).rejects.toThrow("Loki's labels did not answer within 20ms");
  });

  it('names the context’s log label (else "service") once the wait is over, so the log query still runs', async () => {
    expect((await new ServiceIdentity(hungLoki()).logStreamOf(20))('payments')).toEqual({ label: 'service', values: ['payments'] });
    expect((await new ServiceIdentity(hungLoki(['app'])).logStreamOf(20))('payments')).toEqual({ label: 'app', values: ['payments'] });
  });

  it('asks Loki once however many callers wait on it', async () => {
    const backends = hungLoki();
    const identity = new ServiceIdentity(backends);
    await Promise.all([identity.logStreamOf(10), identity.logs(10).catch(() => undefined)]);
    expect(backends.asked).toEqual(['labels']);
  });
});

describe('ServiceIdentity with a Jaeger that never answers', () => {
  const hungJaeger = (): IdentityBackends => ({ ...hungLoki(), has: (b) => b === 'jaeger' });

  it('gives up on the service list after the wait it is given, saying so', async () => {
    await expect(new ServiceIdentity(hungJaeger()).traceServices(20)).rejects.toThrow("Jaeger's service list did not answer within 20ms");
  });

  it('searches by the service\'s own name once the wait is over', async () => {
    expect(await new ServiceIdentity(hungJaeger()).traceService('payments', 20)).toBe('payments');
  });
});
