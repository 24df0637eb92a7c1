import { beforeAll, describe, expect, it } from 'vitest';
import { loadRenderer } from './format.js';
import { fitSeriesName, splitSharedLabels } from './series-names.js';

// Names are fitted for a table, measured as the table measures its cells.
beforeAll(() => loadRenderer('table'));

const pod = (name: string, container: string) => ({
  __name__: 'container_memory_working_set_bytes', container, endpoint: 'https-metrics', instance: '10.0.3.17:10250', job: 'kubelet', namespace: 'shop', pod: name,
});

describe('series names in a table', () => {
  it('says the labels every series shares once, and keeps for each row the labels that tell it apart', () => {
    const series = [pod('checkout-7d9f-abcde', 'app'), pod('checkout-7d9f-abcde', 'istio-proxy'), pod('payments-5c4b-xyz12', 'app')];
    const { shared, own } = splitSharedLabels(series);
    expect(shared).toEqual({ __name__: 'container_memory_working_set_bytes', endpoint: 'https-metrics', instance: '10.0.3.17:10250', job: 'kubelet', namespace: 'shop' });
    expect(series.map((s) => fitSeriesName(own(s), 60))).toEqual([
      '{container="app", pod="checkout-7d9f-abcde"}',
      '{container="istio-proxy", pod="checkout-7d9f-abcde"}',
      '{container="app", pod="payments-5c4b-xyz12"}',
    ]);
  });

  it('shares nothing for a single series, which keeps its whole name', () => {
    const { shared, own } = splitSharedLabels([{ __name__: 'up', job: 'node' }]);
    expect(shared).toEqual({});
    expect(fitSeriesName(own({ __name__: 'up', job: 'node' }), 80)).toBe('up{job="node"}');
  });

  it('cuts the longest label values to fit, so every label name stays in sight', () => {
    const labels = { __name__: 'http_requests_total', code: '200', instance: '127.0.0.1:19500', job: 'app', service: 'very-long-service-name-xxxxxxxxxxxxxxxxxxxxxxxx' };
    expect(fitSeriesName(labels, 100)).toBe('http_requests_total{code="200", instance="127.0.0.1:19500", job="app", service="very-long-service…"}');
    expect(fitSeriesName(labels, 70)).toBe('http_requests_total{code="200", instance="127…", job="app", service="ver…"}');
    // Measured in terminal cells: a CJK character takes two.
    expect(fitSeriesName({ service: '支付服务-支付服务-支付服务' }, 22)).toBe('{service="支付服务-…"}');
  });

  it('writes a name alone without braces, and uncut when it fits', () => {
    expect(fitSeriesName({ __name__: 'node_load1' }, 80)).toBe('node_load1');
    expect(fitSeriesName({ a: '1', b: '2' }, 80)).toBe('{a="1", b="2"}');
  });
});
