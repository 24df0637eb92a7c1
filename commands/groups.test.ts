import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runObs } from '../test/support/run-obs.js';
import { COMMAND_GROUPS, groupNamedBy } from './groups.js';
import type { IO } from './io.js';
import { buildProgram } from './main.js';

const io: IO = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, now: () => 0 } as unknown as IO;

describe('the command groups', () => {
  it('name exactly the top-level commands their module registers', async () => {
    for (const group of COMMAND_GROUPS) {
      const program = new Command('obs');
      (await group.load())(program, io);
      const registered = program.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden).flatMap((c) => [c.name(), ...c.aliases()]);
      // The completion group is never loaded alone (its script lists every command).
      if (group.names.length === 0) expect(registered).toEqual(['completion']);
      else expect([...group.names].sort()).toEqual(registered.sort());
    }
  });

  it('are found from the first operand, past the root options and their values', async () => {
    const program = await buildProgram(io, '0', ['--help']);
    const named = (argv: string[]) => groupNamedBy(program, argv)?.names[0];
    expect(named(['query', 'up'])).toBe('query');
    expect(named(['-o', 'json', '--debug', 'alerts', 'list'])).toBe('alerts');
    expect(named(['silences', 'ls'])).toBe('alerts');
    expect(named(['--context', 'query', 'slo', 'check'])).toBe('slo');
    expect(named(['--output=json', 'ctx', 'ls'])).toBe('context');
    expect(named(['--demo', '--scenario', 'calm', 'top'])).toBe('top');
    // Not certain: the whole tree is built.
    expect(named([])).toBeUndefined();
    expect(named(['help', 'query'])).toBeUndefined();
    expect(named(['--', 'query'])).toBeUndefined();
    expect(named(['qury', 'up'])).toBeUndefined();
    expect(named(['completion', 'bash'])).toBeUndefined();
  });
});

describe('a run that builds only its own command', () => {
  it('prints the same help as the whole tree', async () => {
    // `obs help query` builds the whole tree (its first operand is `help`).
    const whole = await runObs(['help', 'query']);
    const run = await runObs(['query', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: obs query [options] <promql>');
    expect(run.stdout).toBe(whole.stdout);
  });

  it('still lists every command in the root help and suggests across all of them', async () => {
    const help = await runObs(['--help']);
    for (const name of ['context', 'query', 'slo', 'alerts', 'silences', 'logs', 'top', 'completion', 'forecast']) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const typo = await runObs(['qurey', 'up']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('query');
  });
});
