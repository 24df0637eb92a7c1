import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfill, startAlertmanager, startPrometheus } from '../support/prometheus.js';
import { runObs } from '../support/run-obs.js';

// Real Prometheus 2.42 and Alertmanager 0.25 (Debian packages), started on free loopback ports.
const HOUR = 3_600_000;
const now = Math.floor(Date.now() / 15_000) * 15_000;

/** One hour of a counter at 15 s: `service="api"` serves 10 req/s, 1 of them failing. */
function history(): string {
  const lines = ['# TYPE http_requests counter'];
  for (let t = now - HOUR; t <= now; t += 15_000) {
    const elapsed = (t - (now - HOUR)) / 1000;
    lines.push(`http_requests_total{service="api",code="200"} ${9 * elapsed} ${t / 1000}`);
    lines.push(`http_requests_total{service="api",code="500"} ${1 * elapsed} ${t / 1000}`);
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

let prometheus: { url: string; stop(): Promise<void> };
let alertmanager: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  const dataDir = await backfill(history());
  [prometheus, alertmanager] = await Promise.all([startPrometheus({ dataDir }), startAlertmanager()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
});

const env = () => ({ OBS_PROMETHEUS_URL: prometheus.url, OBS_ALERTMANAGER_URL: alertmanager.url, OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-home-')) });

describe('obs query against real Prometheus', () => {
  it('runs an instant query and prints the documented JSON', async () => {
    const r = await runObs(['query', 'sum by (code) (rate(http_requests_total[5m]))', '--at', String(now / 1000), '-o', 'json'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.resultType).toBe('vector');
    const byCode = Object.fromEntries(out.result.map((s: { labels: { code: string }; value: number }) => [s.labels.code, s.value]));
    expect(byCode['200']).toBeCloseTo(9, 6);
    expect(byCode['500']).toBeCloseTo(1, 6);
  });

  it('runs a range query with a chosen step', async () => {
    const r = await runObs(['query', 'sum(rate(http_requests_total[5m]))', '--from', String((now - 30 * 60_000) / 1000), '--to', String(now / 1000), '--step', '5m', '-o', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stepSeconds).toBe(300);
    expect(out.result[0].points).toHaveLength(7);
    expect(out.result[0].points[3][1]).toBeCloseTo(10, 6);
  });

  it('prints NaN and +Inf as Prometheus spells them', async () => {
    const r = await runObs(['query', 'vector(0) / vector(0) or label_replace(vector(1) / vector(0), "x", "inf", "", "")', '-o', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const values = JSON.parse(r.stdout).result.map((s: { value: unknown }) => s.value).sort();
    expect(values).toEqual(['+Inf', 'NaN']);
  });

  it('passes the backend\'s own message for a bad query, exit 2', async () => {
    const r = await runObs(['query', 'sum(rate(http_requests_total[5m])'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^obs: prometheus \(.*\/api\/v1\/query\): bad_data: .*parse error/);
  });

  it('answers a stopped backend with one line and exit 3', async () => {
    const stopped = await startPrometheus({});
    await stopped.stop();
    const r = await runObs(['query', 'up'], { env: { OBS_PROMETHEUS_URL: stopped.url } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`obs: prometheus (${stopped.url}/api/v1/query): connection refused — is it running? check the URL in the context (obs context show)`);
  });
});

describe('obs alerts and silences against real Alertmanager', () => {
  beforeAll(async () => {
    const alert = (name: string, severity: string) => ({
      labels: { alertname: name, service: 'api', severity },
      annotations: { summary: `${name} is firing` },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const res = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert('ApiErrors', 'critical'), alert('ApiSlow', 'warning')]) });
    expect(res.status).toBe(200);
  });

  it('lists firing alerts, most severe first', async () => {
    const r = await runObs(['alerts', 'list', '-o', 'json'], { env: env() });
    expect(r.code).toBe(0);
    const names = JSON.parse(r.stdout).alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname);
    expect(names).toEqual(['ApiErrors', 'ApiSlow']);
  });

  it('filters by matcher', async () => {
    const r = await runObs(['alerts', 'list', '-f', 'severity="warning"', '-o', 'json'], { env: env() });
    expect(JSON.parse(r.stdout).alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual(['ApiSlow']);
  });

  it('creates a silence that really silences, lists it, and expires it', async () => {
    const e = env();
    const add = await runObs(['silences', 'add', 'alertname="ApiSlow"', '--duration', '1h', '--comment', 'test', '-o', 'json'], { env: e });
    expect(add.code).toBe(0);
    const id = JSON.parse(add.stdout).silenceID;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Alertmanager applies silences asynchronously.
    let names: string[] = [];
    for (let i = 0; i < 40; i++) {
      names = JSON.parse((await runObs(['alerts', 'list', '-o', 'json'], { env: e })).stdout).alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname);
      if (!names.includes('ApiSlow')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(names).toEqual(['ApiErrors']);
    const list = JSON.parse((await runObs(['silences', 'list', '-o', 'json'], { env: e })).stdout).silences;
    expect(list.map((s: { id: string }) => s.id)).toContain(id);
    expect((await runObs(['silences', 'expire', id], { env: e })).code).toBe(0);
    const after = JSON.parse((await runObs(['silences', 'list', '-o', 'json'], { env: e })).stdout).silences;
    expect(after.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it('shows silence IDs whole or as a unique prefix at 80 columns, and expires one by that prefix', async () => {
    const e = env();
    const long = 'a long comment that would push the table past eighty columns on any terminal';
    const ids = await Promise.all([1, 2].map(async () => JSON.parse((await runObs(['silences', 'add', 'alertname="Nothing"', '--comment', long, '-o', 'json'], { env: e })).stdout).silenceID as string));
    const table = await runObs(['silences', 'list', '-o', 'table'], { env: e, columns: 80 });
    const firstCells = table.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]);
    const shown = ids.map((id) => firstCells.find((cell) => cell.length >= 8 && id.startsWith(cell)));
    expect(shown.every((p) => p !== undefined)).toBe(true);
    expect((await runObs(['silences', 'expire', shown[0]!], { env: e })).code).toBe(0);
    const left = JSON.parse((await runObs(['silences', 'list', '-o', 'json'], { env: e })).stdout).silences.map((x: { id: string }) => x.id);
    expect(left).not.toContain(ids[0]);
    expect(left).toContain(ids[1]);
  });

  it('says "no silence with ID" for an unknown ID, exit 2, not Alertmanager\'s HTTP 500', async () => {
    const r = await runObs(['silences', 'expire', '00000000-0000-4000-8000-000000000000'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('obs: no silence with ID 00000000-0000-4000-8000-000000000000');
  });

  it('prints alert start times in CSV as RFC3339, not "1m ago"', async () => {
    const r = await runObs(['alerts', 'list', '-o', 'csv'], { env: env() });
    const [header, first] = r.stdout.trim().split('\n');
    const since = first.split(',')[header.split(',').indexOf('SINCE')];
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('refuses write actions in a read-only context, exit 2', async () => {
    const home = mkdtempSync(join(tmpdir(), 'obs-home-'));
    await runObs(['context', 'add', 'prod', '--alertmanager', alertmanager.url, '--read-only'], { env: { OBS_HOME: home } });
    const r = await runObs(['silences', 'add', 'alertname="ApiSlow"'], { env: { OBS_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('context "prod" is read-only: refusing to create a silence');
  });

  it('reports a bad matcher with Alertmanager\'s own message', async () => {
    const r = await runObs(['alerts', 'list', '-f', 'severity=~"("'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^obs: alertmanager .*\[HTTP 400\]/);
  });
});
