import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, timeOptions } from './action.js';

export function registerLogsCommands(program: Command, io: IO): void {
  const logs = program.command('logs').description('Loki: query, tail and cluster log lines into patterns');
  timeOptions(
    logs
      .command('query <logql>')
      .description('log lines (or a metric query) over a range, paging past the server limit')
      .option('--limit <n>', 'most lines to return', (v) => Number.parseInt(v, 10), 100)
      .option('--forward', 'oldest first (default newest first)')
      .option('--step <duration>', 'step of a metric query'),
  )
    .addHelpText('after', `
Examples:
  obs logs query '{service="payments"} |= "timeout"' --since 30m
  obs logs query 'sum by (level) (count_over_time({service="checkout"}[1m]))' --since 1h -o json`)
    .action(action(io, async (s, logql: string, o: Parameters<typeof import('./logs-run.js').runLogsQuery>[2]) => {
      const { runLogsQuery } = await import('./logs-run.js');
      await runLogsQuery(s, logql, o);
    }));
  logs
    .command('tail <logql>')
    .description('follow new log lines live (WebSocket, reconnecting and resuming; polling when it must)')
    .option('--since <duration>', 'start with lines from this far back', '1m')
    .option('--delay-for <seconds>', 'let Loki wait this long (0-5 s) for late lines', (v) => Number.parseInt(v, 10))
    .addHelpText('after', `
Examples:
  obs logs tail '{service="checkout", level="error"}'`)
    .action(action(io, async (s, logql: string, o: Parameters<typeof import('./logs-run.js').runLogsTail>[2]) => {
      const { runLogsTail } = await import('./logs-run.js');
      await runLogsTail(s, logql, o);
    }));
}
