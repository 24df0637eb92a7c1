import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';
import type * as Run from './runbook-run.js';

const run = () => import('./runbook-run.js');

export function registerRunbookCommands(program: Command, io: IO): void {
  const runbook = program
    .command('runbook')
    .description('executable Markdown runbooks: list, show, lint, and run step by step into the incident timeline')
    .addHelpText('after', `
Runbooks are Markdown files in the context's runbookDir, ./runbooks and <config dir>/runbooks (the first
with a name wins). Their format: runbooks/README.md.

Examples:
  obs runbook list
  obs runbook lint runbooks/*.md
  obs runbook run payments-db-latency              # step through; every step goes into the current incident
  obs runbook run payments-db-latency --plan       # what would run, without running it
  obs runbook run payments-db-latency --yes -o json --incident a7f`);

  runbook
    .command('list')
    .alias('ls')
    .description('the runbooks obs can find, with what they match')
    .action(action(io, async (s) => (await run()).runRunbookList(s)));

  runbook
    .command('show <runbook>')
    .description('a runbook: what it matches and its steps with their blocks')
    .action(action(io, async (s, name: string) => (await run()).runRunbookShow(s, name)));

  runbook
    .command('lint [files...]')
    .description('check runbook files (default: every runbook obs can find); file:line problems, exit 2 on an error')
    .action(action(io, async (s, files: string[]) => (await run()).runRunbookLint(s, files)));

  runbook
    .command('run <runbook>')
    .description('step through a runbook: enter/r run a step, n next, p back, s skip, N note, q quit')
    .option('--incident <incident>', 'record into this incident (default: the current incident)')
    .option('--plan', 'print what each step would run, and run nothing')
    .option('--yes', 'run every step without asking, sh steps included (unless read-only or dangerous)')
    .option('--allow-dangerous', 'let sh blocks marked dangerous=true run (each still asks, unless --yes)')
    .addHelpText('after', `
Without a terminal, \`run\` prints the plan unless --yes is given. With --yes the exit code is 1 when a
step's check failed (during an incident that is the evidence; after the fix, the proof it is over).`)
    .action(action(io, async (s, name: string, o: Run.RunFlags) => (await run()).runRunbookRun(s, name, o)));
}
