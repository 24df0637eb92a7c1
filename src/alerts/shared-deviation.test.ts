import { describe, expect, it } from 'vitest';
import { componentsPerDeviation, deviationOf } from './shared-deviation.js';

describe('deviationOf', () => {
  it('is the same for one rule on two containers, whatever labels say where', () => {
    const a = deviationOf({ alertname: 'CpuHigh', metric: 'cpu_core3', service: 'web', instance: 'web-1', host: 'node-1' }, 'web');
    const b = deviationOf({ alertname: 'CpuHigh', metric: 'cpu_core3', service: 'cache', instance: 'cache-0', host: 'node-2' }, 'cache');
    expect(a).toBe(b);
    expect(deviationOf({ alertname: 'CpuHigh', metric: 'cpu_core4', service: 'web' }, 'web')).not.toBe(a);
  });

  it('keeps what tells apart two calls: the callee and the operation', () => {
    const call = (callee: string) => deviationOf({ alertname: 'TraceLatency', service: 'web', caller: 'web-1', callee, operation: '/get' }, 'web');
    expect(call('db-1')).not.toBe(call('cache-1'));
  });

  it('drops a label whose value is the service itself, whatever its name', () => {
    expect(deviationOf({ alertname: 'Errors', team_service: 'payments' }, 'payments')).toBe(deviationOf({ alertname: 'Errors', team_service: 'cart' }, 'cart'));
  });
});

describe('componentsPerDeviation', () => {
  it('lists the components showing each deviation once', () => {
    const seen = componentsPerDeviation([
      { deviation: 'cpu', component: 'web-1' },
      { deviation: 'cpu', component: 'cache-0' },
      { deviation: 'cpu', component: 'web-1' },
      { deviation: 'memory', component: 'cache-0' },
    ]);
    expect([...seen.get('cpu')!]).toEqual(['web-1', 'cache-0']);
    expect([...seen.get('memory')!]).toEqual(['cache-0']);
  });
});
