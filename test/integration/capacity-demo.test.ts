/**
 * `obs capacity` and `obs forecast` against the demo world: its one slow leak (the queue broker's
 * data volume, full four days after the scenario's onset) is caught days ahead, and the calm
 * resources around it are not flagged. The world is built around its onset, so every figure here
 * holds at any time of day.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runObs } from '../support/run-obs.js';

const configDir = mkdtempSync(join(tmpdir(), 'obs-home-'));
const DAY = 86_400_000;
/** Each run builds a week of the demo world's series and forecasts every one of them: seconds of CPU, more on a busy machine. */
const SLOW = 120_000;

interface Resource {
  kind: string;
  source: string;
  labels: Record<string, string>;
  status: string;
  used: number | null;
  earliest: string | null;
  likely: string | null;
  latest: string | null;
}

async function capacity(...args: string[]) {
  const r = await runObs(['--config-dir', configDir, 'capacity', '--demo', '-o', 'json', ...args]);
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as { at: string; resources: Resource[] }) : undefined };
}

const LEAK = { instance: 'orders-queue-0:9100', mountpoint: '/var/lib/orders-queue' };

describe('obs capacity --demo', () => {
  it('catches the filling data volume days ahead, with its likely date inside the earliest..latest interval', async () => {
    const { code, report, stderr } = await capacity('--scenario', 'checkout-bad-deploy');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const at = Date.parse(report!.at);
    const leak = report!.resources.find((r) => r.kind === 'disk' && r.labels.mountpoint === LEAK.mountpoint)!;
    expect(leak).toMatchObject({ source: 'node_exporter', labels: LEAK, status: 'runs out' });
    // The volume is full 4 days after the onset, which the demo puts 20 minutes before now. The volume's
    // daily wander (about 1 GiB either way against a fill of 9 GiB a day) moves the estimate between
    // 3.5 and 4.8 days with the hour (sampled every few hours over Tuesday to Thursday).
    const days = (Date.parse(leak.likely!) - at) / DAY;
    expect(days).toBeGreaterThan(3);
    expect(days).toBeLessThan(5);
    expect(Date.parse(leak.earliest!)).toBeLessThanOrEqual(Date.parse(leak.likely!));
    expect(Date.parse(leak.latest!)).toBeGreaterThanOrEqual(Date.parse(leak.likely!));
    const others = report!.resources.filter((r) => r !== leak && ['disk', 'memory', 'connections'].includes(r.kind));
    expect(others.length).toBeGreaterThan(30);
    expect(others.filter((r) => r.status !== 'ok')).toEqual([]);
  }, SLOW);

  it('flags nothing in the calm world (no leak there, every budget unhurt), exit 0', async () => {
    const { code, report, stderr } = await capacity('--scenario', 'calm');
    expect(stderr).toBe('');
    expect(report!.resources.filter((r) => !['ok', 'no limit'].includes(r.status))).toEqual([]);
    expect(code).toBe(0);
  }, SLOW);

  it('with --within shorter than the leak, the leak is not failed but still dated', async () => {
    const { report } = await capacity('--scenario', 'checkout-bad-deploy', '--within', '2d');
    const leak = report!.resources.find((r) => r.kind === 'disk' && r.labels.mountpoint === LEAK.mountpoint)!;
    expect(leak.status).toBe('ok');
    expect((Date.parse(leak.likely!) - Date.parse(report!.at)) / DAY).toBeGreaterThan(3);
  }, SLOW);
});

describe('obs forecast --demo on the leak', () => {
  it('carries the filling volume down towards zero free bytes within the week', async () => {
    const query = `node_filesystem_avail_bytes{mountpoint="${LEAK.mountpoint}"}`;
    const r = await runObs(['--config-dir', configDir, 'forecast', query, '--demo', '--scenario', 'checkout-bad-deploy', '--since', '7d', '--horizon', '3d', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { series: { last: number; trendPerDay: number; forecast: { mean: number }[] }[] };
    const [leak] = out.series;
    // 200 GiB filling from ~35% to full over 14 days: about 9 GiB a day.
    expect(leak!.trendPerDay / 2 ** 30).toBeLessThan(-7);
    expect(leak!.trendPerDay / 2 ** 30).toBeGreaterThan(-11);
    // Three days on, at least the slowest of those rates has been taken off (not a share of what is
    // left: the estimate moves between 8 and 11 GiB a day with the hour the week of history ends at).
    expect(leak!.forecast.at(-1)!.mean).toBeLessThan(leak!.last - 3 * 7 * 2 ** 30);
  }, SLOW);
});
