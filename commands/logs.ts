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
      .option('--step <duration>', 'step of a metric query')
      .option('--wrap', 'table: fold long and multi-line entries under the LINE column (the default)')
      .option('--raw', 'table: print each entry as it is, line breaks included, and let the terminal fold it'),
  )
    .addHelpText('after', `
Lines are written as they arrive, a page at a time. Formats: table on a terminal (nothing cut);
-o json (the default when piped): one document {resultType, entries, truncated, warnings, stats},
one entry per line; -o jsonl: one {ts, time, labels, line} object per line; -o csv; -o yaml.

Examples:
  obs logs query '{service="payments"} |= "timeout"' --since 30m
  obs logs query '{service="payments"}' --since 6h --limit 1000000 -o jsonl | jq -r .line
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
    .option('--patterns', 'show live pattern counts instead of lines, highlighting each new pattern as it appears')
    .option('--plain', 'on a terminal too, print lines as they come instead of the view where a line can be selected and opened')
    .addHelpText('after', `
On a terminal the newest lines follow at the bottom; j/k select a line (following stops), enter
opens the whole entry with its labels, G or esc follows again, q quits. Piped or with -o json,
one line per entry as it arrives.

Examples:
  obs logs tail '{service="checkout", level="error"}'
  obs logs tail '{service="payments"}' --patterns`)
    .action(action(io, async (s, logql: string, o: Parameters<typeof import('./logs-run.js').runLogsTail>[2]) => {
      const { runLogsTail } = await import('./logs-run.js');
      await runLogsTail(s, logql, o);
    }));
  timeOptions(
    logs
      .command('patterns [logql]')
      .description('cluster log lines into patterns (templates) and say which are new or surging since a baseline')
      .option('--baseline <duration>', 'compare with the window as long as this one that ends this much earlier (24h: same time yesterday)')
      .option('--baseline-from <time>', 'compare with the window from this time...')
      .option('--baseline-to <time>', '...to this time (default: the start of the window)')
      .option('--engine <engine>', "auto (Loki's patterns for a plain stream selector when it has them, else local), local or loki", 'auto')
      .option('--limit <n>', 'most lines read per window by the local engine', (v) => Number(v), 50_000)
      .option('--top <n>', 'patterns shown (default 20 in a table, all otherwise)', (v) => Number(v))
      .option('--level <level>', 'only patterns with lines at this level or worse (debug, info, warn, error, fatal), from labels, line headers or fields')
      .option('--file <path>', 'read lines from a file instead of Loki (- for standard input): plain text or JSON lines')
      .option('--baseline-file <path>', 'with --file: compare with the lines of this file')
      .option('--message-field <name>', 'with --file: the JSON field holding the message (default: message, msg, log, MESSAGE)')
      .option('--emit <what>', 'with --file: "assignments" prints {"line": N, "pattern": ID} for every input line'),
  )
    .addHelpText('after', `
Examples:
  obs logs patterns '{service="payments"}' --since 30m --baseline 24h
  obs logs patterns '{namespace="shop"} |= "error"' --since 1h --baseline-from now-25h --baseline-to now-24h
  kubectl logs deploy/payments | obs logs patterns --file -
  journalctl -u nginx -o json --since today | obs logs patterns --file - -o json
  obs logs patterns --file today.log --baseline-file yesterday.log`)
    .action(action(io, async (s, logql: string | undefined, o: Parameters<typeof import('./logs-patterns-run.js').runLogsPatterns>[2]) => {
      const { runLogsPatterns } = await import('./logs-patterns-run.js');
      await runLogsPatterns(s, logql, o);
    }));
}
