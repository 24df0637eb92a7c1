/**
 * Contexts a team shares: exported without secrets into a git repository, imported elsewhere, or
 * used in place with OBS_HOME pointing at the repository.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runObs } from '../support/run-obs.js';

const fresh = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('obs context export / import', () => {
  const laptop = fresh('obs-laptop-');
  const bastion = fresh('obs-bastion-cfg-');
  const onLaptop = (...args: string[]) => runObs(['--config-dir', laptop, ...args]);
  const onBastion = (...args: string[]) => runObs(['--config-dir', bastion, ...args]);

  it('exports a context without its literal secrets and imports it elsewhere', async () => {
    await onLaptop('context', 'add', 'prod', '--prometheus', 'https://mimir.example/prometheus', '--loki', 'https://loki.example', '--tenant', 'team-a');
    await onLaptop('context', 'set', 'prod', 'prometheus.bearer', 'literal-token-9876');
    await onLaptop('context', 'set', 'prod', 'loki.password', 'file:~/.secrets/loki');
    const exported = await onLaptop('context', 'export', 'prod');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain('literal-token-9876');
    expect(exported.stdout).toContain('password: file:~/.secrets/loki');
    expect(exported.stderr).toBe('obs: prometheus.bearer holds a literal secret: exported as env:OBS_PROD_PROMETHEUS_BEARER instead\n');
    const file = join(fresh('obs-repo-'), 'prod.yaml');
    writeFileSync(file, exported.stdout);

    const imported = await onBastion('context', 'import', file);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('context "prod" imported');
    const shown = await onBastion('context', 'show', 'prod', '-o', 'json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: 'prod', current: true, tenant: 'team-a', prometheus: { url: 'https://mimir.example/prometheus', bearer: 'env:OBS_PROD_PROMETHEUS_BEARER' } });
  });

  it('refuses to overwrite a context unless asked, and imports under another name', async () => {
    const file = join(fresh('obs-repo-'), 'staging.yaml');
    writeFileSync(file, 'apiVersion: obs/v1\nkind: Context\nname: prod\ncontext:\n  prometheus:\n    url: http://prom-2:9090\n');
    const again = await onBastion('context', 'import', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('context "prod" already exists');
    expect((await onBastion('context', 'import', file, '--name', 'prod-2')).code).toBe(0);
    expect((await onBastion('context', 'import', file, '--force')).code).toBe(0);
    const list = JSON.parse((await onBastion('context', 'list', '-o', 'json')).stdout);
    expect(list.contexts.map((c: { name: string }) => c.name)).toEqual(['prod', 'prod-2']);
  });

  it('reports a mistake in the file with file:line, exit 2', async () => {
    const file = join(fresh('obs-repo-'), 'bad.yaml');
    writeFileSync(file, 'apiVersion: obs/v1\nkind: Context\nname: lab\ncontext:\n  prometheus:\n    url: prom:9090\n');
    const r = await onBastion('context', 'import', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`obs: ${file}:6: context "lab", key "prometheus.url": "prom:9090" is not an http(s) URL\n`);
    writeFileSync(file, 'apiVersion: obs/v1\nkind: Context\nname: lab\ncontext:\n  prometheus: {url: http://p:9090\n');
    expect((await onBastion('context', 'import', file)).stderr).toMatch(new RegExp(`^obs: ${file}:\\d+:\\d+: YAML: `));
    expect((await onBastion('context', 'import', join(file, 'missing.yaml'))).stderr).toContain('cannot read');
  });

  it('reads the file from stdin with -', async () => {
    const r = await runObs(['--config-dir', fresh('obs-stdin-'), 'context', 'import', '-', '--use'], { stdin: 'apiVersion: obs/v1\nkind: Context\nname: piped\ncontext:\n  loki:\n    url: http://loki:3100\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('context "piped" imported');
  });
});

describe('a team repository as OBS_HOME', () => {
  it('is where contexts are read and written', async () => {
    const repo = fresh('obs-team-repo-');
    expect((await runObs(['context', 'add', 'shared', '--prometheus', 'http://prom:9090'], { env: { OBS_HOME: repo } })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'config.json'), 'utf8')).contexts.shared.prometheus.url).toBe('http://prom:9090');
  });
});
