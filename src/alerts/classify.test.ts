import { describe, expect, it } from 'vitest';
import { classifyAlert, highestSeverity, severityOf, words } from './classify.js';
import { identifyingLabels, serviceOf, workloadOfPod } from './service.js';

const alert = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}, generatorURL?: string) =>
  ({ name, labels: { alertname: name, ...labels }, annotations, ...(generatorURL ? { generatorURL } : {}) });

describe('serviceOf', () => {
  it('reads service, then app, then job', () => {
    expect(serviceOf({ service: 'payments', app: 'x', job: 'y' })).toBe('payments');
    expect(serviceOf({ app: 'checkout', job: 'y' })).toBe('checkout');
    expect(serviceOf({ job: 'cart', instance: '10.0.0.1:8080' })).toBe('cart');
  });

  it('turns pod names into workloads and skips scraper jobs such as kube-state-metrics', () => {
    expect(serviceOf({ job: 'kube-state-metrics', namespace: 'shop', pod: 'payments-7c9d8-x2k4p' })).toBe('payments');
    expect(serviceOf({ pod: 'payments-db-0', namespace: 'shop' })).toBe('payments-db');
    expect(serviceOf({ namespace: 'shop' })).toBe('shop');
    expect(serviceOf({ alertname: 'Watchdog' })).toBeUndefined();
    expect(workloadOfPod('node-exporter-x7q2z')).toBe('node-exporter');
    expect(workloadOfPod('redis')).toBe('redis');
    expect(workloadOfPod('cart-redis')).toBe('cart-redis'); // "redis" has vowels: not a generated suffix
  });

  it('reads a Kubernetes namespace/app value (Promtail\'s job, PodMonitor jobs) as the app, keeping dots and ports', () => {
    expect(serviceOf({ alertname: 'JobOnly', job: 'shop/checkout' })).toBe('checkout');
    expect(serviceOf({ job: 'monitoring/kube-state-metrics', pod: 'payments-7c9d8-x2k4p' })).toBe('payments');
    expect(serviceOf({ app: 'api.shop' })).toBe('api.shop');
  });

  it('follows a configured label order', () => {
    expect(serviceOf({ team: 'core', service: 'payments' }, { labels: ['team', 'service'] })).toBe('core');
    expect(serviceOf({ service: ' ' }, { labels: ['service'] })).toBeUndefined();
  });
});

describe('classifyAlert', () => {
  it('splits alert names into words', () => {
    expect(words('KubePodCrashLooping')).toEqual(['kube', 'pod', 'crash', 'looping']);
    expect(words('HTTP5xxErrors')).toEqual(['http', '5xx', 'errors']);
    expect(words('OOMKilled payments_db-down')).toEqual(['oom', 'killed', 'payments', 'db', 'down']);
  });

  it.each([
    ['PaymentsDbDown', 'cause', 'down'],
    ['KubePodCrashLooping', 'cause', 'crash'],
    ['ContainerRestartsHigh', 'cause', 'restarts'],
    ['ConnectionPoolSaturated', 'cause', 'pool'],
    ['KubePodNotReady', 'cause', 'not ready'],
    ['DeploymentRolledOutRecently', 'cause', 'deployment'],
    ['ConfigReloadFailed', 'cause', 'config'],
    ['CheckoutHighLatency', 'symptom', 'latency'],
    ['FrontendHighErrorRate', 'symptom', 'error'],
    ['SLOBurnRateFast', 'symptom', 'slo'],
    ['HighDownstreamLatency', 'symptom', 'latency'], // "downstream" is not "down"
    ['GrpcDeadlineExceeded', 'unknown', undefined], // "deadline" is not "dead"
  ])('%s is a %s alert', (name, kind, keyword) => {
    const c = classifyAlert(alert(name));
    expect(c.kind).toBe(kind);
    if (keyword) expect(c.keywords).toContain(keyword);
  });

  it('falls back to classification labels, the rule expression, then the summary', () => {
    expect(classifyAlert(alert('Payments1', { type: 'saturation' }))).toMatchObject({ kind: 'cause', from: 'labels' });
    const url = 'http://prometheus:9090/graph?g0.expr=up%7Bjob%3D%22node%22%7D+%3D%3D+0&g0.tab=1';
    expect(classifyAlert(alert('Payments2', {}, {}, url))).toMatchObject({ kind: 'cause', keywords: ['up == 0'], from: 'expression' });
    expect(classifyAlert(alert('Payments3', {}, { summary: 'p99 latency above 2s' }))).toMatchObject({ kind: 'symptom', from: 'summary' });
    expect(classifyAlert(alert('Payments4'))).toEqual({ kind: 'unknown', keywords: [] });
  });

  it('accepts extra words', () => {
    expect(classifyAlert(alert('VaultSealed'), { causeWords: ['seal'] })).toMatchObject({ kind: 'cause', keywords: ['sealed'] });
  });
});

describe('severity', () => {
  it('knows critical/page > warning/ticket > info', () => {
    expect(severityOf({ severity: 'page' })).toBe('critical');
    expect(severityOf({ severity: 'Ticket' })).toBe('warning');
    expect(severityOf({ priority: 'P3' })).toBe('warning');
    expect(severityOf({ severity: 'info' })).toBe('info');
    expect(severityOf({})).toBe('none');
    expect(highestSeverity(['info', 'critical', 'warning'])).toBe('critical');
    expect(highestSeverity([])).toBe('none');
  });
});

describe('identifyingLabels', () => {
  it('says what tells apart an alert that names no service', () => {
    expect(identifyingLabels({ alertname: 'DiskFull', severity: 'warning', instance: '10.0.0.7:9100', device: '/dev/sda1', prometheus: 'mon/k8s' })).toBe('device="/dev/sda1", instance="10.0.0.7:9100"');
    expect(identifyingLabels({ alertname: 'Watchdog' })).toBe('');
  });
});
