import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runObs } from '../test/support/run-obs.js';

describe('obs context', () => {
  it('adds, lists, sets, shows (redacted), uses and removes contexts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const obs = (...args: string[]) => runObs(['--config-dir', dir, ...args]);

    expect((await obs('context', 'add', 'prod', '--prometheus', 'https://mimir.example/prometheus', '--tenant', 'team-a')).code).toBe(0);
    expect((await obs('context', 'add', 'staging', '--loki', 'http://loki:3100')).code).toBe(0);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);

    const set = await obs('context', 'set', 'prod', 'prometheus.bearer', 'literal-secret-value');
    expect(set.code).toBe(0);
    await obs('context', 'set', 'prod', 'loki.password', 'env:LOKI_TOKEN');

    const shown = await obs('context', 'show', 'prod');
    expect(shown.stdout).toContain('bearer: "***"');
    expect(shown.stdout).toContain('env:LOKI_TOKEN');
    expect(shown.stdout).not.toContain('literal-secret-value');

    const list = JSON.parse((await obs('context', 'list', '-o', 'json')).stdout);
    expect(list.currentContext).toBe('prod');
    expect(list.contexts.map((c: { name: string }) => c.name)).toEqual(['prod', 'staging']);

    expect((await obs('context', 'use', 'staging')).code).toBe(0);
    expect(JSON.parse((await obs('context', 'list', '-o', 'json')).stdout).currentContext).toBe('staging');

    expect((await obs('context', 'remove', 'staging')).code).toBe(0);
    const missing = await obs('context', 'use', 'staging');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('context "staging" does not exist');
  });

  it('leaves no current context when the current one is removed, and every command then asks for one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const obs = (...args: string[]) => runObs(['--config-dir', dir, ...args]);
    await obs('context', 'add', 'prod', '--prometheus', 'http://127.0.0.1:1');
    await obs('context', 'add', 'staging', '--prometheus', 'http://127.0.0.1:2');

    const removed = await obs('context', 'remove', 'prod');
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('"prod" was the current context; there is none now: pick one with `obs context use NAME` (staging)');
    expect(JSON.parse((await obs('context', 'list', '-o', 'json')).stdout).currentContext).toBeNull();
    const show = await obs('context', 'show');
    expect(show.code).toBe(2);
    expect(show.stderr).toContain('no current context');

    const query = await obs('query', 'up');
    expect(query.code).toBe(2);
    expect(query.stderr).toContain('no current context');
    expect(query.stderr).toContain('obs context use NAME');

    // Setting a key of a remaining context, or adding another, does not make it current either.
    await obs('context', 'set', 'staging', 'tenant', 'team-a');
    await obs('context', 'add', 'dev', '--prometheus', 'http://127.0.0.1:3');
    expect((await obs('query', 'up')).code).toBe(2);
  });

  it('marks the context -c or OBS_CONTEXT would use, says why, and keeps the file\'s currentContext in JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const obs = (args: string[], env?: NodeJS.ProcessEnv) => runObs(['--config-dir', dir, ...args], { env });
    await obs(['context', 'add', 'prod', '--prometheus', 'http://127.0.0.1:1']);
    await obs(['context', 'add', 'qa', '--prometheus', 'http://127.0.0.1:2']);

    const table = await obs(['context', 'list', '-o', 'table'], { OBS_CONTEXT: 'qa' });
    expect(table.stdout).toMatch(/^ *\*\s+qa\b/m);
    expect(table.stdout).not.toMatch(/^ *\*\s+prod\b/m);
    expect(table.stderr).toContain('* marks "qa" (from OBS_CONTEXT); the current context is "prod"');

    const json = JSON.parse((await obs(['-c', 'qa', 'context', 'list', '-o', 'json'])).stdout);
    expect(json).toMatchObject({ currentContext: 'prod', contextInUse: 'qa', contextInUseFrom: '--context' });
    expect(json.contexts.map((c: { name: string; current: boolean; inUse: boolean }) => [c.name, c.current, c.inUse])).toEqual([['prod', true, false], ['qa', false, true]]);

    const plain = await obs(['context', 'list', '-o', 'table']);
    expect(plain.stdout).toMatch(/^ *\*\s+prod\b/m);
    expect(plain.stderr).toBe('');

    const shown = JSON.parse((await obs(['context', 'show', '-o', 'json'], { OBS_CONTEXT: 'qa' })).stdout);
    expect(shown).toMatchObject({ name: 'qa', current: false, inUse: true, inUseFrom: 'OBS_CONTEXT' });
  });

  it('exports a context without its literal secrets, and says on stderr what it left out and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const obs = (...args: string[]) => runObs(['--config-dir', dir, ...args]);
    expect((await obs('context', 'add', 'q', '--prometheus', 'http://prom:9090/?token=URLTOK1')).code).toBe(0);
    expect((await obs('context', 'set', 'q', 'prometheus.params.token', 'env:OTHER')).code).toBe(0);
    const r = await obs('context', 'export', 'q');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('URLTOK1');
    expect(r.stdout).toContain('token: env:OTHER');
    expect(r.stderr).toContain("prometheus.url's token= was left out: prometheus.params.token is set too, and that entry is kept");
  });

  it('refuses a bad value with the context and key named, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const r = await runObs(['--config-dir', dir, 'context', 'set', 'prod', 'prometheus.url', 'prom:9090']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('context "prod", key "prometheus.url": "prom:9090" is not an http(s) URL');
  });

  it('says how to fix a missing backend URL, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    const r = await runObs(['--config-dir', dir, 'query', 'up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no prometheus URL');
    expect(r.stderr).toContain('OBS_PROMETHEUS_URL');
  });

  it('answers unknown commands and flags with a usage error, exit 2', async () => {
    expect((await runObs(['frobnicate'])).code).toBe(2);
    expect((await runObs(['query'])).code).toBe(2);
    expect((await runObs(['--help'])).code).toBe(0);
  });
});

describe('--demo options', () => {
  it('refuses an unknown scenario or a bad seed before starting anything, exit 2', async () => {
    const scenario = await runObs(['query', 'up', '--demo', '--scenario', 'nope']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain('unknown scenario "nope"');
    expect(scenario.stderr).toContain('payments-db-latency');
    const seed = await runObs(['query', 'up', '--demo', '--seed', 'abc']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed "abc" is not a whole number');
  });
});
