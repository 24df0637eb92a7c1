import { describe, expect, it } from 'vitest';
import { criticalPath, deepestFailingSpan, errorRootServices } from './analysis.js';
import type { Span, Trace } from './model.js';
import { buildSpanTree } from './tree.js';

function span(spanId: string, parentSpanId: string | undefined, startUs: number, durationUs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId: 't', spanId, service: extra.service ?? 'svc', operation: `op-${spanId}`, startUs, durationUs,
    kind: 'internal', status: 'unset', attributes: {}, events: [],
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    ...extra,
  };
}
const trace = (...spans: Span[]): Trace => ({ traceId: 't', spans });

describe('buildSpanTree', () => {
  it('orders children by start and lists nodes depth first', () => {
    const tree = buildSpanTree(trace(span('c', 'a', 30, 10), span('a', undefined, 0, 100), span('b', 'a', 10, 10), span('d', 'b', 12, 2)));
    expect(tree.nodes.map((n) => `${n.span.spanId}@${n.depth}`)).toEqual(['a@0', 'b@1', 'd@2', 'c@1']);
    expect(tree.byId.get('a')!.descendants).toBe(3);
    expect(tree).toMatchObject({ startUs: 0, endUs: 100, durationUs: 100 });
  });

  it('puts spans whose parent is missing at the root level, after the true roots, marked orphan', () => {
    const tree = buildSpanTree(trace(span('x', 'gone', 5, 5), span('a', undefined, 0, 100), span('y', 'x', 6, 1)));
    expect(tree.roots.map((r) => [r.span.spanId, r.orphan])).toEqual([['a', false], ['x', true]]);
    expect(tree.byId.get('y')!.depth).toBe(1);
  });

  it('cuts a parent loop instead of losing its spans, and keeps the first of duplicated IDs', () => {
    const tree = buildSpanTree(trace(span('p', 'q', 0, 10), span('q', 'p', 1, 5), span('q', undefined, 50, 5), span('s', 's', 2, 1)));
    expect(tree.nodes).toHaveLength(3);
    expect(tree.roots.every((r) => r.orphan)).toBe(true);
    expect(tree.nodes.map((n) => n.span.spanId).sort()).toEqual(['p', 'q', 's']);
  });
});

describe('criticalPath', () => {
  it('follows the child that finished last and skips siblings that ran concurrently with it', () => {
    // a [0,100]: b [10,40] overlaps c [20,90], which waits on d [50,60].
    const tree = buildSpanTree(trace(span('a', undefined, 0, 100), span('b', 'a', 10, 30), span('c', 'a', 20, 70), span('d', 'c', 50, 10)));
    const path = criticalPath(tree);
    expect(path.segments.map((s) => [s.spanId, s.startUs, s.endUs])).toEqual([
      ['a', 0, 20], ['c', 20, 50], ['d', 50, 60], ['c', 60, 90], ['a', 90, 100],
    ]);
    expect([...path.spanIds].sort()).toEqual(['a', 'c', 'd']);
  });

  it('chains sequential children, clips a child that overruns its parent and ignores FOLLOWS_FROM', () => {
    const tree = buildSpanTree(trace(
      span('a', undefined, 0, 100),
      span('b', 'a', 0, 30),
      span('c', 'a', 40, 70), // ends at 110, after its parent
      span('async', 'a', 50, 500, { followsFrom: true }),
    ));
    expect(criticalPath(tree).segments.map((s) => [s.spanId, s.startUs, s.endUs])).toEqual([
      ['b', 0, 30], ['a', 30, 40], ['c', 40, 100],
    ]);
  });
});

describe('deepestFailingSpan', () => {
  it('finds where the failure started: the deepest error span with no failing span below it', () => {
    const tree = buildSpanTree(trace(
      span('fe', undefined, 0, 100, { service: 'frontend', status: 'error' }),
      span('co', 'fe', 5, 90, { service: 'checkout', status: 'error' }),
      span('pay', 'co', 10, 80, { service: 'payments', status: 'error' }),
      span('db', 'pay', 15, 70, { service: 'payments-db', status: 'error' }),
      span('cart', 'fe', 1, 3, { service: 'cart' }),
    ));
    expect(deepestFailingSpan(tree)!.span.spanId).toBe('db');
  });

  it('prefers the failing span on the critical path between two at the same depth', () => {
    const tree = buildSpanTree(trace(
      span('a', undefined, 0, 100),
      span('early', 'a', 0, 30, { status: 'error' }), // overlaps 'late', so not on the path
      span('late', 'a', 20, 80, { status: 'error' }),
    ));
    expect(deepestFailingSpan(tree)!.span.spanId).toBe('late');
    expect(deepestFailingSpan(buildSpanTree(trace(span('a', undefined, 0, 1))))).toBeUndefined();
  });

  it('counts traces by the service of their deepest failing span', () => {
    const failing = (id: string, service: string) =>
      trace(span(`${id}r`, undefined, 0, 10, { service: 'frontend', status: 'error' }), span(`${id}c`, `${id}r`, 1, 5, { service, status: 'error' }));
    expect(errorRootServices([failing('1', 'payments-db'), failing('2', 'payments-db'), failing('3', 'auth'), trace(span('ok', undefined, 0, 1))]))
      .toEqual({ 'payments-db': 2, auth: 1 });
  });
});

describe('a 5,000-span trace', () => {
  it('builds, finds the critical path and the failing span in a deep chain without recursion', () => {
    const spans = [span('s0', undefined, 0, 5000)];
    for (let i = 1; i < 5000; i++) spans.push(span(`s${i}`, `s${i - 1}`, i, 5000 - 2 * i > 0 ? 5000 - 2 * i : 1, { status: i === 4999 ? 'error' : 'unset' }));
    const tree = buildSpanTree(trace(...spans));
    expect(tree.byId.get('s4999')!.depth).toBe(4999);
    expect(deepestFailingSpan(tree)!.span.spanId).toBe('s4999');
    expect(criticalPath(tree).spanIds.has('s2000')).toBe(true);
  });
});
