import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerTopCommand(program: Command, io: IO): void {
  program
    .command('top')
    .description('the live on-call cockpit: services worst first, alerts, drill-down to logs and traces')
    .option('--refresh <duration>', 'refresh interval', '5s')
    .option('--ascii', 'ASCII borders and sparklines (for terminals without UTF-8)')
    .addHelpText('after', `
Examples:
  obs top --demo
  obs top -c prod --refresh 10s
  TERM=xterm NO_COLOR=1 obs top --ascii     # a bare bastion host`)
    .action(action(io, async (s, o: { refresh: string; ascii?: boolean }) => {
      const { runTop } = await import('./top-run.js');
      await runTop(s, o);
    }));
}
