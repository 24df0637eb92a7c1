/**
 * What `obs doctor` says about service identity: the conventions found in the metrics with their
 * service counts, the labels alerts and logs are read by, and services one signal names and
 * another does not. Pure: what was detected comes in as plain data.
 */
import type { MetricsIdentity } from '../identity/types.js';
import { logServices, type LogIdentity } from '../identity/logs.js';
import { traceServiceName } from '../identity/traces.js';
import { SERVICE_KEYS_TO_SET } from '../identity/hints.js';
import { REQUEST_CONVENTIONS } from '../identity/conventions.js';
import { sanitize } from '../output/sanitize.js';
import type { Finding } from './diagnose.js';

export interface IdentityProbe {
  contextName: string;
  metrics?: MetricsIdentity;
  /** Services of the metrics overview (conventions, exporters and up). */
  metricServices: string[];
  alertLabels: string[];
  /** Firing alerts: how many, how many name a service, and which (undefined: no alert source answered). */
  alerts?: { total: number; named: number; services: string[] };
  logs?: LogIdentity;
  traceServices?: string[];
}

const MAX_GAPS = 12;

export function diagnoseIdentity(p: IdentityProbe): Finding[] {
  const findings: Finding[] = [];
  const subject = 'services';
  const clean = (s: string) => sanitize(s, { maxLength: 64 });
  if (p.metrics) {
    const m = p.metrics;
    const parts = m.conventions.map((c) => `${c.name} (${count(c.services.length, 'service')} by ${c.serviceLabel}${c.duration?.unit === 'milliseconds' ? ', ms' : ''})`);
    parts.push(...m.exporters.map((e) => `${e.name} exporter (${count(e.services.length, 'service')} by ${e.serviceLabel})`));
    const named = new Set([...m.conventions.flatMap((c) => c.services), ...m.exporters.flatMap((e) => e.services)]);
    const jobOnly = m.jobs.filter((j) => !named.has(j));
    if (jobOnly.length) parts.push(`up{job} only (${count(jobOnly.length, 'service')})`);
    if (p.metricServices.length === 0) {
      findings.push({
        subject, check: 'metrics', status: 'warn',
        message: m.configured
          ? 'the context\'s conventions name no service in this Prometheus'
          : `none of the conventions obs knows is in this Prometheus (looked for ${[...new Set(REQUEST_CONVENTIONS.map((c) => c.requests))].join(', ')}, exporters and up{job})`,
        fix: `set ${SERVICE_KEYS_TO_SET.join(', ')}: obs context set ${p.contextName} services.requests <counter>  (or OBS_SERVICE_CONVENTIONS='[{"requests":"...","serviceLabel":"..."}]')`,
      });
    } else {
      findings.push({ subject, check: 'metrics', status: 'ok', message: `${m.configured ? 'configured' : 'detected'}: ${parts.join('; ')}` });
    }
  }
  if (p.alerts) {
    const a = p.alerts;
    const from = `service read from ${p.alertLabels.slice(0, 6).join(', ')}, …`;
    findings.push(a.named < a.total
      ? { subject, check: 'alerts', status: 'warn', message: `${a.total - a.named} of ${count(a.total, 'firing alert')} name no service (${from})`, fix: `obs context set ${p.contextName} services.alertLabels <label>  (the label your alert rules put the service in)` }
      : { subject, check: 'alerts', status: a.total ? 'ok' : 'info', message: a.total ? `all ${count(a.total, 'firing alert')} name a service (${count(a.services.length, 'service')}; ${from})` : `no firing alerts (${from})` });
  }
  if (p.logs) {
    findings.push(p.logs.labels.length === 0
      ? { subject, check: 'logs', status: 'warn', message: 'Loki has none of the stream labels that name a service (service_name, service, app, app_kubernetes_io_name, container, job)', fix: `obs context set ${p.contextName} services.logLabels <label>` }
      : { subject, check: 'logs', status: 'ok', message: `stream labels: ${p.logs.labels.map((l) => `${clean(l.label)} (${l.values.length} values)`).join(', ')}` });
  }
  if (p.traceServices) findings.push({ subject, check: 'traces', status: 'ok', message: `${count(p.traceServices.length, 'service')} in Jaeger` });
  findings.push(...coverage(p).slice(0, MAX_GAPS));
  return findings;
}

/** One finding per service that a signal names and another does not ("payments: metrics and alerts, no logs"). */
function coverage(p: IdentityProbe): Finding[] {
  // Named as every capability names them (src/identity): a `shop/checkout` stream or trace service is checkout's.
  const inLogs = p.logs ? logServices(p.logs) : new Set<string>();
  const inMetrics = new Set(p.metricServices);
  const inAlerts = new Set(p.alerts?.services ?? []);
  const services = [...new Set([...p.metricServices, ...(p.alerts?.services ?? [])])].sort();
  const out: Finding[] = [];
  for (const service of services) {
    const seen: string[] = [];
    const missing: string[] = [];
    (inMetrics.has(service) ? seen : missing).push('metrics');
    if (inAlerts.has(service)) seen.push('alerts');
    if (p.logs) (inLogs.has(service) ? seen : missing).push('logs');
    if (p.traceServices) (traceServiceName(p.traceServices, service) !== undefined ? seen : missing).push('traces');
    if (missing.length === 0) continue;
    out.push({ subject: 'services', check: 'coverage', status: 'info', message: `${sanitize(service, { maxLength: 64 })}: ${seen.join(' and ') || 'nothing'}, no ${missing.join(', no ')}` });
  }
  return out;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
