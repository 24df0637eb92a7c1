import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { resolveContext } from '../config/resolve.js';
import { validateContext } from '../config/validate.js';
import { configuredConventions, validateServicesConfig } from './config.js';

const where = (key: string) => `context "prod", key "${key}"`;
const problem = (services: unknown) => {
  try {
    validateServicesConfig(where, services);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return `${(e as ConfigError).message}${(e as ConfigError).hint ? ` — ${(e as ConfigError).hint}` : ''}`;
  }
};

describe('validateServicesConfig', () => {
  it('takes several conventions and label lists', () => {
    expect(problem({
      alertLabels: ['team_service'],
      logLabels: ['app'],
      conventions: [
        { name: 'otel', duration: 'http_server_duration_milliseconds', serviceLabel: 'service_name', codeLabel: 'http_status_code', errorCodes: '5..' },
        { requests: 'jobs_total', errors: 'jobs_failed_total', serviceLabel: 'queue', selector: 'env="prod", region=~"eu-.*"' },
      ],
    })).toBeUndefined();
  });

  it('names the fix when a metric name holds a selector', () => {
    expect(problem({ requests: 'http_requests_total{env="prod"}' })).toBe(
      'context "prod", key "services.requests": "http_requests_total{env=\\"prod\\"}" is a selector, not a metric name — set requests to "http_requests_total" and selector to "env=\\"prod\\""',
    );
  });

  it('rejects bad label names, regexes, units and selectors, saying where', () => {
    expect(problem({ serviceLabel: 'service-name' })).toMatch(/key "services.serviceLabel": "service-name" is not a label name/);
    expect(problem({ conventions: [{ errorCodes: '5..(' }] })).toMatch(/key "services.conventions\[0\].errorCodes": "5..\(" is not a valid regex/);
    expect(problem({ unit: 'ms' })).toMatch(/services.unit": expected one of seconds, milliseconds, microseconds/);
    expect(problem({ selector: 'env=prod' })).toMatch(/services.selector": cannot read a matcher at "env=prod"/);
    expect(problem({ duration: 'latency_seconds_bucket' })).toMatch(/without _bucket — set duration to "latency_seconds"/);
    expect(problem({ alertLabels: ['ok', 'not ok'] })).toMatch(/services.alertLabels": "not ok" is not a label name/);
    expect(problem({ servicelabel: 'app' })).toMatch(/services.servicelabel": unknown key/);
  });

  it('is checked with the rest of a context', () => {
    expect(() => validateContext('prod', { services: { requests: 'a{b="c"}' } })).toThrow(/is a selector, not a metric name/);
  });
});

describe('configuredConventions', () => {
  it('is undefined when the context sets none, so obs detects them', () => {
    expect(configuredConventions(undefined)).toBeUndefined();
    expect(configuredConventions({ alertLabels: ['x'] })).toBeUndefined();
  });

  it('reads the unit from the histogram name and defaults requests to its _count', () => {
    const [c] = configuredConventions({ duration: 'http_server_duration_milliseconds', serviceLabel: 'service_name', selector: '{env="prod"}' })!;
    expect(c).toMatchObject({ name: 'configured', requests: 'http_server_duration_milliseconds_count', duration: { unit: 'milliseconds' }, selector: 'env="prod"', errors: { label: 'code', regex: '5..' } });
  });
});

describe('settings from the environment', () => {
  it('replaces the context\'s conventions for CI, checked like the config', () => {
    const env = { OBS_PROMETHEUS_URL: 'http://p:9090', OBS_SERVICE_CONVENTIONS: '[{"requests":"api_total","serviceLabel":"app"}]', OBS_ALERT_SERVICE_LABELS: 'team_service, app' };
    const ctx = resolveContext({ contexts: { default: { services: { serviceLabel: 'svc' } } } }, undefined, env);
    expect(ctx.context.services).toEqual({ conventions: [{ requests: 'api_total', serviceLabel: 'app' }], alertLabels: ['team_service', 'app'] });
    expect(() => resolveContext({ contexts: {} }, undefined, { ...env, OBS_SERVICE_CONVENTIONS: '[{"requests":"a{b=\\"c\\"}"}]' })).toThrow(/^OBS_SERVICE_CONVENTIONS\[0\].requests: .* is a selector/);
  });
});
