import { Argument, Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandSpec, valueSource } from './spec.js';
import { completionTables, describeSource } from './tables.js';
import { sq } from './posix.js';
import { formatValues } from './values.js';

/** A small program shaped like obs: global options, a group with an alias, a hidden command. */
function program(): Command {
  const p = new Command('obs').option('-c, --context <name>', 'context to use').option('-o, --output <format>', 'output format').option('--debug', 'log requests');
  const ctx = p.command('context').alias('ctx').description('manage contexts\nsecond line is not shown');
  ctx.command('use <name>').description('switch');
  ctx.command('add <name>').option('--prometheus <url>', 'Prometheus URL').description('add one');
  ctx.command('import <file>').option('--name <name>', 'new name').description('import');
  p.command('slo').command('check <window> [slo...]').option('--runbook <runbook>', 'runbook to follow');
  p.command('completion').addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish']));
  p.command('__complete', { hidden: true }).argument('<kind>');
  return p;
}

describe('commandSpec', () => {
  const spec = commandSpec(program());

  it('walks commands, aliases, options and arguments, leaving hidden ones out', () => {
    expect(spec.subcommands.map((s) => s.name)).toEqual(['context', 'slo', 'completion', 'help']);
    const context = spec.subcommands[0];
    expect(context.aliases).toEqual(['ctx']);
    expect(context.description).toBe('manage contexts');
    expect(context.subcommands.map((s) => s.path.join(' '))).toEqual(['context use', 'context add', 'context import', 'context help']);
    expect(spec.options.map((o) => o.flags)).toContainEqual(['-c', '--context']);
    expect(spec.options.find((o) => o.flags.includes('--debug'))?.value).toBeUndefined();
  });

  it('decides how values complete from names and declared choices', () => {
    const [, add, imp] = spec.subcommands[0].subcommands;
    expect(spec.subcommands[0].subcommands[0].args[0].value).toEqual({ type: 'dynamic', kind: 'contexts' });
    expect(add.args[0].value).toEqual({ type: 'free' }); // a new name
    expect(imp.args[0].value).toEqual({ type: 'file' });
    expect(imp.options[0].value).toEqual({ type: 'free' }); // --name of an import is a new name too
    expect(spec.options[0].value).toEqual({ type: 'dynamic', kind: 'contexts' });
    expect(spec.options[1].value).toEqual({ type: 'choices', values: ['table', 'json', 'yaml', 'csv'] });
    expect(spec.subcommands[2].args[0].value).toEqual({ type: 'choices', values: ['bash', 'zsh', 'fish'] });
  });
});

describe('valueSource', () => {
  it('recognises the names of local things', () => {
    expect(valueSource(['slo', 'check'], 'slo', { argument: true })).toEqual({ type: 'dynamic', kind: 'slos' });
    expect(valueSource(['runbook', 'run'], 'runbook', { argument: true })).toEqual({ type: 'dynamic', kind: 'runbooks' });
    expect(valueSource(['incident', 'show'], 'id', { argument: true })).toEqual({ type: 'dynamic', kind: 'incidents' });
    expect(valueSource(['incident', 'note'], 'incident')).toEqual({ type: 'dynamic', kind: 'incidents' });
    expect(valueSource(['traces', 'show'], 'id', { argument: true })).toEqual({ type: 'free' });
    expect(valueSource([], 'config-dir')).toEqual({ type: 'dir' });
  });
});

describe('completionTables', () => {
  const t = completionTables(commandSpec(program()));

  it('lists subcommands per path and maps aliases to their command', () => {
    expect(t.subcommands.find((s) => s.path === 'context')?.items.map(([name]) => name)).toEqual(['use', 'add', 'import', 'help']);
    expect(t.children).toContainEqual({ path: '', words: ['context', 'ctx'], child: 'context' });
    expect(t.children).toContainEqual({ path: 'slo', words: ['check'], child: 'slo check' });
  });

  it('lists each option once, at the command that defines it', () => {
    const root = t.options.find((o) => o.path === '')!.items.map(([f]) => f);
    expect(root).toEqual(['-c', '--context', '-o', '--output', '--debug', '-h', '--help']);
    expect(t.options.find((o) => o.path === 'context add')?.items).toEqual([['--prometheus', 'Prometheus URL']]);
  });

  it('orders option values deepest first and marks a variadic (last) argument with *', () => {
    expect(t.optionValues[0].path.split(' ').length).toBe(2);
    expect(t.optionValues.at(-1)).toEqual({ path: '', flags: ['-o', '--output'], how: 'choices table json yaml csv' });
    expect(t.args.filter((a) => a.path === 'slo check')).toEqual([
      { path: 'slo check', index: 0, how: 'free' },
      { path: 'slo check', index: '*', how: 'dynamic slos' },
    ]);
  });

  it('spells sources the way the scripts read them', () => {
    expect(describeSource({ type: 'dynamic', kind: 'runbooks' })).toBe('dynamic runbooks');
    expect(describeSource({ type: 'dir' })).toBe('dir');
  });
});

describe('quoting and value lines', () => {
  it('single-quotes anything for bash and zsh', () => {
    expect(sq("it's $HOME `x`")).toBe("'it'\\''s $HOME `x`'");
  });

  it('prints one value per line, with a tab before the description and nothing that moves the cursor', () => {
    expect(formatValues([['prod', 'current'], ['bad\x1b[2J', 'title\twith tab\nand line']])).toBe('prod\tcurrent\nbad\ttitle with tab↵and line');
  });
});
