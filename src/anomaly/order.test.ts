import { describe, expect, it } from 'vitest';
import { askOrderingGraph, callDepths, orderAnomalies } from './order.js';

const edge = (parent: string, child: string) => ({ parent, child, callCount: 1 });
const row = (service: string, score: number, since: number, actual = 2, expected = 1) => ({ service, score, since, actual, expected, series: service });

describe('callDepths', () => {
  it('counts the longest chain of calls that reaches each service', () => {
    const depths = callDepths([edge('frontend', 'checkout'), edge('checkout', 'payments'), edge('payments', 'payments-db'), edge('frontend', 'payments')]);
    expect(Object.fromEntries(depths)).toEqual({ frontend: 0, checkout: 1, payments: 2, 'payments-db': 3 });
  });

  it('ends on a cycle, with every depth bounded by the number of services', () => {
    const depths = callDepths([edge('frontend', 'a'), edge('a', 'b'), edge('b', 'a')]);
    expect([...depths.values()].every((d) => Number.isInteger(d) && d <= 2)).toBe(true);
  });
});

describe('orderAnomalies', () => {
  const graph = callDepths([edge('frontend', 'payments'), edge('payments', 'payments-db')]);

  it('puts the service deeper in the call graph first when equally unusual signals began in the same step', () => {
    // payments changed by the larger factor, which alone would put it first.
    const rows = [row('payments', 0.649, 1000, 7.2, 1), row('payments-db', 0.6491, 1000, 7.0, 1)];
    expect(orderAnomalies(rows, graph).map((r) => r.service)).toEqual(['payments-db', 'payments']);
    expect(orderAnomalies(rows).map((r) => r.service)).toEqual(['payments', 'payments-db']);
  });

  it('keeps the higher score, then what began first, before the graph', () => {
    expect(orderAnomalies([row('payments-db', 0.62, 1000), row('payments', 0.65, 1000)], graph)[0]!.service).toBe('payments');
    expect(orderAnomalies([row('payments-db', 0.65, 2000), row('payments', 0.65, 1000)], graph)[0]!.service).toBe('payments');
  });
});

describe('askOrderingGraph', () => {
  const edges = [{ parent: 'checkout', child: 'payments', callCount: 10 }];

  it('takes the graph that has come, however long the signals took to judge', async () => {
    const graph = askOrderingGraph(async () => edges, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await graph()).toEqual(edges);
  });

  it('does without a graph that fails or is still missing a budget after it is needed, and says why', async () => {
    const heard: string[] = [];
    expect(await askOrderingGraph(() => Promise.reject(new Error('connection refused')), 1_000, (why) => heard.push(why))()).toEqual([]);
    expect(await askOrderingGraph(() => new Promise(() => {}), 10, (why) => heard.push(why))()).toEqual([]);
    expect(heard).toEqual(['connection refused', 'no answer within 10 ms']);
  });
});
