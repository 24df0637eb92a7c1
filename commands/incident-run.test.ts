import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runObs } from '../test/support/run-obs.js';
import { partSummary } from './incident-run.js';

const logs = (data: unknown) => partSummary({ name: 'logs', source: 'loki', status: 'ok', data });

describe('what an evidence part says it holds', () => {
  it('says logs were not queried when there was no service to search, never "0 new"', () => {
    expect(logs({ patterns: [], services: [], linesRead: {} })).toBe('not queried: no service to search');
  });

  it('says when the queries found no lines at all: nothing was compared', () => {
    expect(logs({ patterns: [], services: ['payments-db', 'payments'], linesRead: { 'payments-db': 0, payments: 0 } })).toBe(
      'no log lines for payments-db, payments in the window: nothing compared (check the log service label)',
    );
  });

  it('counts new and surging patterns when lines were compared', () => {
    const data = { patterns: [{ pattern: 'still waiting for ShareLock <*>', kind: 'new', count: 297, service: 'payments-db' }], services: ['payments-db'], linesRead: { 'payments-db': 900 } };
    expect(logs(data)).toBe('1 new pattern, 0 surging; e.g. payments-db: still waiting for ShareLock <*>');
  });

  it("says what Prometheus warned about (a partial answer) before the SLOs' verdicts, and why an SLO has no data, sanitised", () => {
    const data = {
      warnings: ['partial response from store \u001b[31meu-1', 'query timed out in store eu-2'],
      slos: [
        { name: 'checkout-availability', verdict: 'OK', budgetRemaining: 0.9 },
        { name: 'payments-availability', verdict: 'NO_DATA', error: 'prometheus unreachable: connection refused' },
      ],
    };
    expect(partSummary({ name: 'slo', source: 'prometheus', status: 'ok', data })).toBe(
      '2 SLOs, Prometheus warned: partial response from store eu-1 (+1 more); payments-availability NO_DATA (prometheus unreachable: connection refused)',
    );
  });

  it('names the most unusual signal of the anomalies part, and how many were judged', () => {
    const data = { services: ['payments-db', 'payments'], scored: 6, anomalous: [{ service: 'payments-db', signal: 'p99 latency', direction: 'up', score: 0.7 }] };
    expect(partSummary({ name: 'anomalies', source: 'prometheus', status: 'ok', data })).toBe('1 anomalous signal of 6; e.g. payments-db p99 latency up');
  });
});

describe('obs incident list on a log with a torn last line', () => {
  it('warns once per problem, naming file:line once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'obs-torn-'));
    const env = { OBS_HOME: home };
    const opened = await runObs(['incident', 'open', '--title', 'Torn', '-o', 'json'], { env });
    expect(opened.code, opened.stderr).toBe(0);
    const dir = join(home, 'state', 'incidents');
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.jsonl'))!);
    appendFileSync(file, '{"type":"note","at":"2026-');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    const r = await runObs(['incident', 'list'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^obs: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${lines}: skipped an incomplete last line \\(\\d+ bytes\\)`));
    expect(r.stderr.split(file)).toHaveLength(2);
  });
});

describe('obs incident list and stats -o csv', () => {
  it('are data: RFC3339 times, counts and seconds, empty for none, never "3m ago" or "—"', async () => {
    const env = { OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-csv-')) };
    const opened = await runObs(['incident', 'open', '--title', 'Slow checkout', '-o', 'json'], { env });
    expect(opened.code, opened.stderr).toBe(0);
    const list = (await runObs(['incident', 'list', '-o', 'csv'], { env })).stdout.trimEnd().split('\n');
    expect(list[0]).toBe('ID,SEV,STATUS,OPENED,ACK,ASSIGNEE,TITLE');
    expect(list[1]).toMatch(/^inc-\d{8}-\w+,sev\d,investigating,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,,,Slow checkout$/);
    const stats = (await runObs(['incident', 'stats', '-o', 'csv'], { env })).stdout.trimEnd().split('\n').slice(1);
    expect(stats).toContain('incidents,1');
    expect(stats).toContain('MTTA (mean),');
    expect(stats.join('\n')).not.toMatch(/[—%]/);
  });
});
