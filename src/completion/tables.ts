import type { CommandSpec, ValueSource } from './spec.js';

/** One candidate and the text shells that can show one (zsh, fish) print beside it. */
export type Described = [value: string, description: string];

/**
 * The command tree flattened into the lookups every shell script answers from. A command path is
 * its names joined by spaces ('' for obs itself). `how` says how to complete a value:
 * `dynamic <kind>`, `choices <a b c>`, `file`, `dir` or `free`.
 */
export interface CompletionTables {
  subcommands: { path: string; items: Described[] }[];
  /** A word typed after `path` that names a subcommand (or one of its aliases). */
  children: { path: string; words: string[]; child: string }[];
  /** Each command's own options; a command also takes the options of the commands above it. */
  options: { path: string; items: Described[] }[];
  /** Options that take a value, deepest commands first so their own meaning wins. */
  optionValues: { path: string; flags: string[]; how: string }[];
  /** Positional arguments; `index` '*' is a variadic last argument and comes after the others of its path. */
  args: { path: string; index: number | '*'; how: string }[];
}

export function completionTables(root: CommandSpec): CompletionTables {
  const t: CompletionTables = { subcommands: [], children: [], options: [], optionValues: [], args: [] };
  const visit = (cmd: CommandSpec, inherited: Set<string>) => {
    const path = cmd.path.join(' ');
    if (cmd.subcommands.length) t.subcommands.push({ path, items: cmd.subcommands.map((s) => [s.name, s.description]) });
    for (const s of cmd.subcommands) t.children.push({ path, words: [s.name, ...s.aliases], child: s.path.join(' ') });
    // Every command has its own -h/--help; listing it again below obs itself only repeats it.
    const own = cmd.options.flatMap((o) => o.flags.filter((f) => !inherited.has(f)).map((f): Described => [f, o.description]));
    if (own.length) t.options.push({ path, items: own });
    for (const o of cmd.options) if (o.value) t.optionValues.push({ path, flags: o.flags, how: describeSource(o.value) });
    cmd.args.forEach((a, i) => t.args.push({ path, index: a.variadic ? '*' : i, how: describeSource(a.value) }));
    const below = new Set([...inherited, ...own.map(([f]) => f)]);
    for (const sub of cmd.subcommands) visit(sub, below);
  };
  visit(root, new Set());
  t.optionValues.sort((a, b) => depth(b.path) - depth(a.path));
  return t;
}

export function describeSource(source: ValueSource): string {
  switch (source.type) {
    case 'dynamic':
      return `dynamic ${source.kind}`;
    case 'choices':
      return `choices ${source.values.join(' ')}`;
    default:
      return source.type;
  }
}

function depth(path: string): number {
  return path === '' ? 0 : path.split(' ').length;
}
