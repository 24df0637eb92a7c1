/**
 * Shell completion: the generated scripts parse in their shells and complete commands, flags and
 * local values; `obs __complete` lists contexts, SLOs, runbooks and open incidents from files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/incidents/store.js';
import { runObs } from '../support/run-obs.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const scripts: Record<string, string> = {};
const scriptDir = mkdtempSync(join(tmpdir(), 'obs-completion-'));

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runObs(['completion', shell]);
    expect(r.code).toBe(0);
    scripts[shell] = join(scriptDir, `obs.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

describe('completion scripts', () => {
  it('parse in bash', () => {
    const r = spawnSync('bash', ['-n', scripts.bash], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!has('zsh'))('parse in zsh (when installed)', () => {
    const r = spawnSync('zsh', ['-n', scripts.zsh], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!has('fish'))('parse in fish (when installed)', () => {
    const r = spawnSync('fish', ['--no-execute', scripts.fish], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses a shell it does not know, exit 2', async () => {
    const r = await runObs(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });

  // A stand-in `obs` answers `__complete contexts` and records the flags it was given.
  const fakeObs = `obs() { echo "$*" >> "$OBS_CALLS"; [[ "$*" == *"__complete contexts" ]] && printf 'prod\\tcurrent\\nstaging\\tloki\\n'; }`;

  it('complete commands, aliases, flags, choices and contexts in bash', () => {
    const calls = join(scriptDir, 'bash-calls');
    const complete = (line: string) => {
      const program = `source ${scripts.bash}\n${fakeObs}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _obs; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', env: { PATH: process.env.PATH, OBS_CALLS: calls } });
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n').sort();
    };
    expect(complete("obs 'co'")).toEqual(['completion', 'context']);
    expect(complete("obs ctx 'ex'")).toEqual(['export']);
    expect(complete("obs -o ''")).toEqual(['csv', 'json', 'table', 'yaml']);
    expect(complete("obs completion ''")).toEqual(['bash', 'fish', 'zsh']);
    expect(complete("obs query '--st'")).toEqual(['--step']);
    expect(complete("obs --config-dir /team/obs context use ''")).toEqual(['prod', 'staging']);
    expect(complete("obs -c ''")).toEqual(['prod', 'staging']);
    expect(spawnSync('cat', [calls], { encoding: 'utf8' }).stdout).toContain('--config-dir /team/obs __complete contexts');
  });

  it.skipIf(!has('fish'))('complete with descriptions in fish (when installed)', () => {
    const program = `source ${scripts.fish}\nfunction obs; if string match -q -- '*__complete contexts' "$argv"; printf 'prod\\tcurrent\\nstaging\\tloki\\n'; end; end\ncomplete -C 'obs ctx '; echo ---; complete -C 'obs ctx use '`;
    const r = spawnSync('fish', ['--no-config', '-c', program], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [subcommands, contexts] = r.stdout.split('---\n');
    expect(subcommands).toContain('export\tprint a context as YAML to share');
    expect(contexts.trim().split('\n')).toEqual(['prod\tcurrent', 'staging\tloki']);
  });

  it.skipIf(!has('zsh'))('complete with descriptions in zsh (when installed)', () => {
    // zsh's completion widgets only run inside the line editor; stand-ins print what they were given.
    const program = `compdef() { :; }
_describe() { print -r -- "\${(P)4}"; }
compadd() { shift; print -r -- "$*"; }
source ${scripts.zsh}
${fakeObs}
words=(obs ctx ''); CURRENT=3; _obs; words=(obs ctx use ''); CURRENT=4; _obs; words=(obs -o ''); CURRENT=3; _obs`;
    const r = spawnSync('zsh', ['-f', '-c', program], { encoding: 'utf8', env: { PATH: process.env.PATH, OBS_CALLS: join(scriptDir, 'zsh-calls') } });
    expect(r.stderr).toBe('');
    const [subcommands, contexts, formats] = r.stdout.trim().split('\n');
    expect(subcommands).toContain('export:print a context as YAML to share');
    expect(contexts).toBe('prod:current staging:loki');
    expect(formats).toBe('table json yaml csv');
  });
});

describe('obs __complete', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-team-'));
  const complete = async (kind: string, ...flags: string[]) => {
    const r = await runObs(['--config-dir', dir, ...flags, '__complete', kind]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.trim().split('\n').filter(Boolean);
  };

  beforeAll(async () => {
    // A team's config repository: contexts, with runbooks and SLOs beside config.json.
    const config = {
      currentContext: 'prod',
      contexts: {
        prod: { prometheus: { url: 'https://mimir.example/prometheus', bearer: 'cmd:exit 1' }, runbookDir: 'runbooks', sloDir: 'slo' },
        staging: { loki: { url: 'http://loki:3100' } },
      },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'runbooks', 'db-failover.md'), '---\ntitle: Fail over the payments database\nmatch:\n  alerts: [PaymentsDbDown]\n---\n\n## Check\n');
    writeFileSync(join(dir, 'runbooks', 'README.md'), '# Our runbooks\n');
    writeFileSync(join(dir, 'runbooks', 'notes.txt'), 'not a runbook');
    cpSync(fileURLToPath(new URL('../fixtures/slo/demo', import.meta.url)), join(dir, 'slo'), { recursive: true });
    const incidents = new IncidentStore({ dir: join(dir, 'state', 'incidents'), author: 'test' });
    await incidents.open({ title: 'Payments DB slow', severity: 'sev2', services: ['payments-db'] });
    const done = await incidents.open({ title: 'Old outage', severity: 'sev3' });
    await incidents.append(done.id, { type: 'status', status: 'resolved' });
  });

  it('lists the contexts of the config directory, the current one marked', async () => {
    expect(await complete('contexts')).toEqual(['prod\tcurrent; prometheus', 'staging\tloki']);
  });

  it('lists runbooks and SLOs from the context\'s directories, relative to the config directory', async () => {
    // staging names no directories, so it sees only ./runbooks and ./slo(s) of the working directory.
    const runbooks = await complete('runbooks');
    expect(runbooks).toContain('db-failover\tFail over the payments database');
    expect(runbooks.filter((l) => !l.startsWith('db-failover\t'))).toEqual(await complete('runbooks', '-c', 'staging'));
    expect(runbooks.some((l) => /^(README|notes)/.test(l))).toBe(false);
    const slos = (await complete('slos')).map((l) => l.split('\t')[0]);
    expect(slos).toEqual(expect.arrayContaining(['checkout-availability', 'payments-latency']));
    expect(await complete('slos', '-c', 'staging')).not.toContain('checkout-availability');
  });

  it('lists only open incidents', async () => {
    const open = await complete('incidents');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatch(/^\S+\tsev2 investigating: Payments DB slow$/);
  });

  it('never runs secret commands and says nothing when the config is broken', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'obs-broken-'));
    writeFileSync(join(broken, 'config.json'), '{ not json');
    const r = await runObs(['--config-dir', broken, '__complete', 'contexts']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('stays out of help', async () => {
    expect((await runObs(['--help'])).stdout).not.toContain('__complete');
  });
});
