import type { Command, Option } from 'commander';
import { OUTPUT_FORMATS } from '../output/format.js';
import type { DynamicKind } from './kinds.js';

/** How the value of an option or argument is completed. */
export type ValueSource =
  | { type: 'dynamic'; kind: DynamicKind }
  | { type: 'choices'; values: string[] }
  | { type: 'file' }
  | { type: 'dir' }
  | { type: 'free' };

export interface OptionSpec {
  /** e.g. ['-c', '--context']. */
  flags: string[];
  description: string;
  /** Absent for a flag that takes no value (or only an optional one). */
  value?: ValueSource;
}

export interface ArgSpec {
  name: string;
  variadic: boolean;
  value: ValueSource;
}

export interface CommandSpec {
  /** Names from the root, e.g. ['context', 'use']; [] for obs itself. */
  path: string[];
  name: string;
  aliases: string[];
  description: string;
  options: OptionSpec[];
  args: ArgSpec[];
  subcommands: CommandSpec[];
}

/** The visible command tree of a commander program, as plain data (hidden commands and options left out). */
export function commandSpec(cmd: Command, path: string[] = []): CommandSpec {
  const help = cmd.createHelp();
  return {
    path,
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: firstLine(cmd.description()),
    options: help.visibleOptions(cmd).map((o) => optionSpec(path, o)),
    args: cmd.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic, value: valueSource(path, a.name(), { argument: true, choices: a.argChoices }) })),
    subcommands: help.visibleCommands(cmd).map((sub) => commandSpec(sub, [...path, sub.name()])),
  };
}

function optionSpec(path: string[], o: Option): OptionSpec {
  const flags = [o.short, o.long].filter((f): f is string => Boolean(f));
  const spec: OptionSpec = { flags, description: firstLine(o.description) };
  if (o.required) spec.value = valueSource(path, (o.long ?? o.short ?? '').replace(/^-+/, ''), { choices: o.argChoices });
  return spec;
}

/**
 * How a value completes, decided from names so a new command gets completion by how it names
 * things: an argument or option called `context`, `slo`, `runbook` or `incident` (and `<name>`
 * under `obs context`, `<id>` under `obs incident`) completes from local files; `file`/`path`
 * and `dir` complete paths; `--output` offers the output formats; declared choices win.
 */
export function valueSource(path: string[], name: string, options: { argument?: boolean; choices?: readonly string[] } = {}): ValueSource {
  if (options.choices?.length) return { type: 'choices', values: [...options.choices] };
  const n = name.toLowerCase();
  const dynamic = (kind: DynamicKind): ValueSource => ({ type: 'dynamic', kind });
  if (n === 'context' || (options.argument && path[0] === 'context' && n === 'name' && path[1] !== 'add')) return dynamic('contexts');
  if (/^slos?(-name)?$/.test(n)) return dynamic('slos');
  if (/^runbooks?$/.test(n)) return dynamic('runbooks');
  if (/^incidents?(-id)?$/.test(n) || (options.argument && path[0] === 'incident' && (n === 'id' || n === 'ref'))) return dynamic('incidents');
  if (n === 'output' && !options.argument) return { type: 'choices', values: [...OUTPUT_FORMATS] };
  if (/(^|-)(file|path)s?$/.test(n)) return { type: 'file' };
  if (/(^|-)dir$/.test(n)) return { type: 'dir' };
  return { type: 'free' };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}
