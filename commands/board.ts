import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect } from './action.js';
import type { BoardShowFlags } from './board-run.js';

export function registerBoardCommands(program: Command, io: IO): void {
  const board = program
    .command('board')
    .description("the team's own dashboards in the terminal: board files (YAML) or Grafana dashboards (JSON)")
    .addHelpText('after', `
Boards are found by name in the context's boardDir, then ./boards (and, with --demo, the shipped
platform-health and ai-performance boards); a path to a .yaml, .yml or .json file works anywhere.

Examples:
  obs board list --demo
  obs board show platform-health --demo
  obs board show boards/checkout.yaml --var service=checkout --var env=prod
  obs board show platform-health --demo --once --width 200     # draw once as text, for scripts
  obs board lint boards/*.yaml
  obs board import grafana-dashboard.json > boards/checkout.yaml
  obs board show grafana-dashboard.json                         # a Grafana export, directly`);

  board
    .command('list')
    .description('boards of the context, ./boards and (with --demo) the shipped ones')
    .action(action(io, async (s) => {
      const { runBoardList } = await import('./board-run.js');
      await runBoardList(s);
    }));

  board
    .command('show <board>')
    .description('draw a board, live and full screen on a terminal, once as text with --once or when piped')
    .option('--var <name=value>', 'a variable value (repeat for several values of one variable; name=$__all for All)', collect)
    .option('--once', 'draw once as text and exit (the default when stdout is not a terminal)')
    .option('--width <columns>', 'with --once: width in columns (default: the terminal, else 120)')
    .option('--height <rows>', 'with --once: draw as a terminal this tall would show (default: the whole board)')
    .option('--refresh <duration>', "refresh interval (default: the board's own)")
    .option('--ascii', 'ASCII borders, bars and charts (for terminals without UTF-8)')
    .addHelpText('after', `
Keys: j/k, arrows, PgUp/PgDn scroll; tab picks a variable, v/V step its value; / filters panels by
title; r refreshes; p pauses; q quits.

Exit codes with --once: 0 every panel drew, 2 a flag, variable or board file is wrong,
3 a panel's backend could not answer (the board is still drawn, that panel with its error).`)
    .action(action(io, async (s, name: string, o: BoardShowFlags) => {
      const { runBoardShow } = await import('./board-run.js');
      await runBoardShow(s, name, o);
    }));

  board
    .command('lint [files...]')
    .description('validate board files (default: every board found) and print each problem as file:line:column; exit 2 when any')
    .action(action(io, async (s, files: string[]) => {
      const { runBoardLint } = await import('./board-run.js');
      await runBoardLint(s, files);
    }));

  board
    .command('import <grafana-json>')
    .description('convert a Grafana dashboard to a board file on stdout; what was not converted goes to stderr')
    .option('--datasource <name=type>', 'a datasource name or uid that is prometheus or loki, for old dashboards that store names only (repeatable)', collect)
    .action(action(io, async (s, file: string, o: { datasource?: string[] }) => {
      const { runBoardImport } = await import('./board-run.js');
      await runBoardImport(s, file, o);
    }));
}
