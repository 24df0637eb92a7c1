import { describe, expect, it } from 'vitest';
import { alertClassifier } from './classify.js';
import type { CorrelatedAlert } from './correlate.js';
import { deepestFailingCallees } from './failing-calls.js';
import { emptyPlacement } from './placement.js';
import { makeAlert } from './testdata/make-alert.js';

const classify = alertClassifier();
const call = (name: string, service: string, labels: Record<string, string>): CorrelatedAlert => {
  const alert = makeAlert(name, { service, ...labels }, 0);
  return { alert, service, severity: 'warning', evidence: classify(alert) };
};

describe('deepestFailingCallees', () => {
  // web -> login -> db fail in a chain; web -> cache is only slow.
  const chain = [
    call('TraceError', 'web', { callee: 'login-1', operation: '/login' }),
    call('TraceError', 'web', { callee: 'login-2', operation: '/login' }),
    call('TraceError', 'login', { callee: 'db-1', operation: '/query' }),
    call('TraceLatencyDegraded', 'web', { callee: 'cache-1', operation: '/get' }),
  ];
  const placement = emptyPlacement();
  for (const [instance, service] of [['login-1', 'login'], ['login-2', 'login'], ['db-1', 'db'], ['cache-1', 'cache']] as const) placement.instances.set(instance, service);

  it('finds the service where failing calls end: it receives them and makes none', () => {
    expect(deepestFailingCallees(chain, placement)).toEqual({ into: new Map([['db', 1]]), total: 3 });
  });

  it('reads callees named as services, and the usual label names of service-graph and mesh rules', () => {
    const mesh = [call('RequestErrors', 'checkout', { server: 'payments' }), call('Http5xxRate', 'payments', { peer_service: 'payments-db' })];
    expect(deepestFailingCallees(mesh, emptyPlacement()).into).toEqual(new Map([['payments-db', 1]]));
  });

  it('counts a call to a callee it cannot place among the failing calls, crediting no one', () => {
    const known = (name: string) => ['web', 'login', 'db', 'cache'].includes(name);
    const unplaced = [...chain, call('TraceError', 'web', { callee: 'mob-7' })];
    expect(deepestFailingCallees(unplaced, placement, known)).toEqual({ into: new Map([['db', 1]]), total: 4 });
    expect(deepestFailingCallees(unplaced, placement).into).toEqual(new Map([['db', 1], ['mob-7', 1]]));
  });

  it('leaves out calls within a service and alerts that say nothing fails', () => {
    const within = [call('TraceError', 'login', { callee: 'login-2' }), call('TraceLatencyDegraded', 'web', { callee: 'db-1' })];
    expect(deepestFailingCallees(within, placement)).toEqual({ into: new Map(), total: 0 });
  });
});
