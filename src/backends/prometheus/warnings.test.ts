import { describe, expect, it } from 'vitest';
import { anyPartial, meansPartial, warnedPrometheus } from './warnings.js';

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

  it('counts a missing store or left-out samples as a partial answer, and a PromQL annotation as a comment on a whole one', () => {
    expect(meansPartial('partial response: store 10.0.0.7:10901 unavailable')).toBe(true);
    expect(meansPartial('1 native-histogram sample left out')).toBe(true);
    // Prometheus 2.48–2.53 send these among the warnings, with the whole answer.
    expect(meansPartial('PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up"')).toBe(false);
    expect(meansPartial('PromQL warning: encountered a mix of histograms and floats for metric name "x"')).toBe(false);
    expect(anyPartial(['PromQL info: metric might not be a counter'])).toBe(false);
    expect(anyPartial(['PromQL info: metric might not be a counter', 'store eu-1 unavailable'])).toBe(true);
  });
});
