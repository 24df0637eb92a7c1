import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runObs } from '../test/support/run-obs.js';
import { demoContext, savedDemoContext } from './demo-context.js';

const urls = { prometheus: 'http://127.0.0.1:1', alertmanager: 'http://127.0.0.1:2', loki: 'http://127.0.0.1:3', jaeger: 'http://127.0.0.1:4', amplitude: 'http://127.0.0.1:5' };

describe('the demo world stays apart from real operations', () => {
  it('saves a read-only context whose incidents live in their own directory', () => {
    const saved = savedDemoContext(urls, '/home/alice/.local/state/obs');
    expect(saved.readOnly).toBe(true);
    expect(saved.incidentDir).toBe('/home/alice/.local/state/obs/demo/incidents');
  });

  it('gives the demo servers minutes to answer: their compute shares the machine, it is not a network wait', () => {
    const { backends } = demoContext(urls);
    for (const name of ['prometheus', 'alertmanager', 'loki', 'jaeger', 'amplitude'] as const) expect(backends[name]?.timeoutMs).toBe(300_000);
  });

  it('keeps incidents opened with --demo out of the real log and away from the current real incident', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-demo-inc-'));
    const obs = (...args: string[]) => runObs(['--config-dir', dir, ...args]);
    const real = await obs('incident', 'open', '--no-snapshot', '--title', 'real one', '--severity', 'sev3', '-o', 'json');
    expect(real.code, real.stderr).toBe(0);
    const realId = JSON.parse(real.stdout).id;
    const demo = await obs('--demo', 'incident', 'open', '--no-snapshot', '--title', 'game day', '--severity', 'sev2', '-o', 'json');
    expect(demo.code, demo.stderr).toBe(0);

    const listed = JSON.parse((await obs('incident', 'list', '-o', 'json')).stdout);
    expect(listed.incidents.map((i: { title: string }) => i.title)).toEqual(['real one']);
    expect(listed.current).toBe(realId);
    const demoListed = JSON.parse((await obs('--demo', 'incident', 'list', '-o', 'json')).stdout);
    expect(demoListed.incidents.map((i: { title: string }) => i.title)).toEqual(['game day']);
  }, 60_000);
});
