import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { resolveContext } from '../config/resolve.js';
import { openBackends } from './index.js';
import { PrometheusClient } from './prometheus/client.js';
import { AmplitudeClient } from './amplitude/client.js';

describe('openBackends', () => {
  it('gives the clients of the backends the context has a URL for', async () => {
    const backends = await openBackends(resolveContext({ contexts: {} }, undefined, { OBS_PROMETHEUS_URL: 'http://127.0.0.1:9', OBS_AMPLITUDE_URL: 'http://127.0.0.1:9' }));
    try {
      expect(backends.prometheus).toBeInstanceOf(PrometheusClient);
      expect(backends.amplitude).toBeInstanceOf(AmplitudeClient);
      expect(backends.has('loki')).toBe(false);
    } finally {
      await backends.close();
    }
  });

  it('names the fix for a backend the context has no URL for', async () => {
    const backends = await openBackends(resolveContext({ contexts: {} }, undefined, { OBS_PROMETHEUS_URL: 'http://127.0.0.1:9' }));
    for (const get of [() => backends.loki, () => backends.jaeger, () => backends.alertmanager, () => backends.amplitude]) {
      expect(get).toThrow(ConfigError);
    }
    expect(() => backends.loki).toThrow('context "default" has no loki URL');
    await backends.close();
  });
});
