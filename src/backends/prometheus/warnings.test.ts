import { describe, expect, it } from 'vitest';
import { warnedPrometheus } from './warnings.js';

class Client {
  private readonly asked: string[] = [];
  async queryVector(promql: string) {
    this.asked.push(promql);
    return { samples: [], warnings: promql === 'partial' ? ['store eu-1 unavailable'] : [] };
  }
  async queryRange(promql: string) {
    this.asked.push(promql);
    return { series: [], warnings: ['store eu-1 unavailable', 'PromQL warning: mixed histograms'] };
  }
  history(): string[] {
    return this.asked;
  }
}

describe('warnedPrometheus', () => {
  it('gathers the warnings of every query answer, each once, and passes the answers through', async () => {
    const client = new Client();
    const { prometheus, warnings } = warnedPrometheus(client);
    expect(await prometheus.queryVector('up')).toEqual({ samples: [], warnings: [] });
    expect(warnings.size).toBe(0);
    await prometheus.queryVector('partial');
    await prometheus.queryRange('rate(x[5m])');
    expect([...warnings]).toEqual(['store eu-1 unavailable', 'PromQL warning: mixed histograms']);
    // Other members are the client's own, with their `this`.
    expect(prometheus.history()).toEqual(['up', 'partial', 'rate(x[5m])']);
  });
});
