/** `obs incident` with no backends configured: the incident is opened and kept all the same, with the evidence marked unavailable. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runObs } from '../support/run-obs.js';

let home: string;
let previousHome: string | undefined;
const obs = (args: string[], now?: number) => runObs(args, { env: { OBS_HOME: home, USER: 'dana' }, now });

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'obs-incident-offline-'));
  previousHome = process.env.OBS_HOME;
  process.env.OBS_HOME = home;
});

afterAll(() => {
  if (previousHome === undefined) delete process.env.OBS_HOME;
  else process.env.OBS_HOME = previousHome;
});

describe('obs incident without backends', () => {
  it('opens with every evidence part unavailable and finds the runbook from --service', async () => {
    const open = await obs(['incident', 'open', '--service', 'payments-db', '--severity', '1', '-o', 'json']);
    expect(open.code).toBe(0);
    const incident = JSON.parse(open.stdout);
    expect(incident).toMatchObject({ title: 'Incident on payments-db', severity: 'sev1', services: ['payments-db'], runbooks: ['payments-db-latency'] });
    expect(incident.snapshots[0].parts.map((p: { name: string; status: string }) => `${p.name}:${p.status}`)).toEqual([
      'alerts:unavailable', 'slo:unavailable', 'logs:unavailable', 'traces:unavailable', 'impact:unavailable', 'anomalies:unavailable',
    ]);
    // The state directory under OBS_HOME holds the log and the current-incident pointer.
    expect(readdirSync(join(home, 'state', 'incidents')).sort()).toEqual(['current', `${incident.id}.jsonl`]);
  });

  it('--no-snapshot opens without evidence; a bad severity is a usage error', async () => {
    const open = await obs(['incident', 'open', '--no-snapshot', '--title', 'Checkout errors', '-o', 'json']);
    expect(JSON.parse(open.stdout)).toMatchObject({ title: 'Checkout errors', severity: 'sev3', snapshots: [], runbooks: [] });
    const bad = await obs(['incident', 'open', '--severity', 'huge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--severity huge is not a severity');
  });

  it('list puts open incidents first and marks the current one; show prints the essentials', async () => {
    const { incidents, current } = JSON.parse((await obs(['incident', 'list', '-o', 'json'])).stdout);
    const older = incidents.find((i: { id: string }) => i.id !== current);
    await obs(['incident', 'status', 'resolved', older.id]);
    const list = await obs(['incident', 'list', '-o', 'table']);
    const rows = list.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ ID +SEV +STATUS +OPENED +ACK +ASSIGNEE +TITLE$/);
    expect(rows[1]).toMatch(new RegExp(`^ \\*${current} +sev3 +investigating .* Checkout errors$`));
    expect(rows[2]).toMatch(new RegExp(`^  ${older.id} +sev1 +resolved .* Incident on payments-db$`));
    const show = await obs(['incident', 'show', older.id.slice(-3), '-o', 'table']);
    expect(show.stdout).toMatch(/^Incident +inc-\d{8}-\w+ +sev1 +resolved\nTitle +Incident on payments-db\n/);
    expect(show.stdout).toContain('Runbooks      payments-db-latency (obs runbook run payments-db-latency)');
    expect(show.stdout).toMatch(/\n  alerts {5}unavailable \(prometheus\) +the context has no alertmanager or prometheus URL\n/);
    expect(show.stdout).toMatch(/\n  impact {5}unavailable \(amplitude\) +the context has no amplitude URL\n/);
    expect(show.stdout).toMatch(/\n  anomalies  unavailable \(prometheus\) +the context has no prometheus URL\n/);
  });

  it('use makes another incident current; stats over a period count MTTA and MTTR', async () => {
    const { incidents } = JSON.parse((await obs(['incident', 'list', '-o', 'json'])).stdout);
    const resolved = incidents.find((i: { open: boolean }) => !i.open);
    expect((await obs(['incident', 'use', resolved.id])).code).toBe(0);
    expect(JSON.parse((await obs(['incident', 'list', '-o', 'json'])).stdout).current).toBe(resolved.id);
    const stats = await obs(['incident', 'stats', '-o', 'table']);
    expect(stats.stdout).toMatch(/incidents +2\n/);
    expect(stats.stdout).toMatch(/MTTR \(mean\) +\d+s\n/);
    expect(stats.stdout).toMatch(/MTTA \(mean\) +—\n/);
  });
});
