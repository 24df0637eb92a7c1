// `obs slo check` and `obs slo status` in CSV are data: the fields of the status JSON, as the
// demo world's Prometheus gives them, unrounded, with no bar, sparkline or percent sign.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/sim/server.js';
import { runObs } from '../support/run-obs.js';

const SLOS = join(import.meta.dirname, '../../slos');
let demo: Demo;

describe('obs slo check / status -o csv on the demo world', () => {
  beforeAll(async () => {
    demo = await startDemo({});
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
  });

  it('is the status JSON as data: unrounded ratios, RFC3339 times, empty for null, no glyphs', async () => {
    // A minute back, so the demo has its data for that instant whichever run asks first.
    const now = Date.now() - 120_000;
    const run = (...args: string[]) => runObs(['--config-dir', mkdtempSync(join(tmpdir(), 'obs-home-')), 'slo', ...args, '-f', SLOS], { env: { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: demo.urls.alertmanager }, now });
    const [check, status, json] = await Promise.all([run('check', '-o', 'csv'), run('status', '-o', 'csv'), run('status', '-o', 'json')]);
    const table = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));
    const [header, ...rows] = table(status.stdout);
    expect(header).toEqual(['name', 'service', 'verdict', 'objective', 'period', 'sli', 'budgetRemaining', 'burnNow', 'firingAlert', 'exhaustsAt', 'coverage']);
    expect(table(check.stdout).map((r) => [r[0], r[1]])).toEqual([header, ...rows].map((r) => [r[0], r[1]]));
    // Separate runs of the demo can differ in the last digits, so numbers are compared closely, not exactly.
    const slos = (JSON.parse(json.stdout) as { slos: Record<string, unknown>[] }).slos;
    expect(rows.map((r) => r[0])).toEqual(slos.map((slo) => slo.name));
    rows.forEach((cells, i) => header!.forEach((key, k) => {
      const want = slos[i]![key];
      if (want === null) expect(cells[k], key).toBe('');
      else if (typeof want === 'number') expect(Number(cells[k]), key).toBeCloseTo(want, 6);
      else expect(cells[k], key).toBe(String(want));
    }));
    expect(rows.some((cells) => /^0\.\d{8,}$/.test(cells[5]!)), 'an unrounded SLI').toBe(true);
    expect(rows.every((cells) => cells[9] === '' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(cells[9]!))).toBe(true);
    expect(status.stdout + check.stdout).not.toMatch(/[%—█▇▆▅▄▃▂▁░#]/);
  }, 60_000);
});
