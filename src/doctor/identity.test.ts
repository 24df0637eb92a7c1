import { describe, expect, it } from 'vitest';
import { diagnoseIdentity } from './identity.js';
import type { MetricsIdentity } from '../identity/types.js';

const detected: MetricsIdentity = {
  configured: false,
  conventions: [
    { name: 'opentelemetry', source: 'detected', serviceLabel: 'service_name', requests: 'http_server_request_duration_seconds_count', services: ['checkout', 'payments'] },
    { name: 'classic', source: 'detected', serviceLabel: 'job', requests: 'http_requests_total', services: ['cart'] },
  ],
  exporters: [],
  upLabels: ['job'],
  jobs: ['cart', 'nightly-report'],
};

describe('diagnoseIdentity', () => {
  it('says what it detected, and which services a signal misses', () => {
    const findings = diagnoseIdentity({
      contextName: 'prod',
      metrics: detected,
      metricServices: ['checkout', 'payments', 'cart', 'nightly-report'],
      alertLabels: ['service', 'service_name', 'job'],
      alerts: { total: 3, named: 3, services: ['payments', 'ledger'] },
      logs: { labels: [{ label: 'service_name', values: ['checkout', 'payments', 'cart'] }] },
      traceServices: ['checkout', 'payments', 'cart'],
    });
    const text = findings.map((f) => `${f.check} ${f.status} ${f.message}`);
    expect(text).toEqual([
      'metrics ok detected: opentelemetry (2 services by service_name); classic (1 service by job); up{job} only (1 service)',
      'alerts ok all 3 firing alerts name a service (2 services; service read from service, service_name, job, …)',
      'logs ok stream labels: service_name (3 values)',
      'traces ok 3 services in Jaeger',
      'coverage info ledger: alerts, no metrics, no logs, no traces',
      'coverage info nightly-report: metrics, no logs, no traces',
    ]);
  });

  it('counts a service\'s logs and traces named after a namespace (shop/checkout) as its own', () => {
    const findings = diagnoseIdentity({
      contextName: 'prod',
      metrics: detected,
      metricServices: ['checkout', 'payments', 'cart'],
      alertLabels: ['service'],
      logs: { labels: [{ label: 'service_name', values: ['shop/checkout', 'payments', 'cart'] }] },
      traceServices: ['shop/checkout', 'payments', 'cart'],
    });
    expect(findings.filter((f) => f.check === 'coverage')).toEqual([]);
  });

  it('names the keys to set when no convention is found, and the label when alerts name no service', () => {
    const findings = diagnoseIdentity({
      contextName: 'prod',
      metrics: { configured: false, conventions: [], exporters: [], upLabels: [], jobs: [] },
      metricServices: [],
      alertLabels: ['service'],
      alerts: { total: 2, named: 0, services: [] },
    });
    const metrics = findings.find((f) => f.check === 'metrics')!;
    expect(metrics.status).toBe('warn');
    expect(metrics.message).toMatch(/^none of the conventions obs knows is in this Prometheus \(looked for http_server_request_duration_seconds_count, .*http_requests_total/);
    expect(metrics.fix).toMatch(/^set services.requests, services.duration, services.serviceLabel, services.codeLabel, services.errorCodes, services.unit, services.selector: obs context set prod services.requests/);
    const alerts = findings.find((f) => f.check === 'alerts')!;
    expect(alerts).toMatchObject({ status: 'warn', message: expect.stringMatching(/^2 of 2 firing alerts name no service/), fix: expect.stringContaining('services.alertLabels') });
  });
});
