import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, timeOptions } from './action.js';

export function registerQueryCommand(program: Command, io: IO): void {
  timeOptions(
    program
      .command('query <promql>')
      .description('run PromQL: an instant query, or a range query with --since/--from/--step')
      .option('--at <time>', 'evaluate the instant query at this time (default now; --to alone does the same)')
      .option('--step <duration>', 'range query resolution (raised so no series exceeds 11,000 points)')
      .option('--limit <n>', 'show at most n series', (v) => Number.parseInt(v, 10)),
  )
    .addHelpText('after', `
Examples:
  obs query 'up'
  obs query 'sum by (service) (rate(http_requests_total[5m]))' -o json
  obs query 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))' --since 1h --step 1m`)
    .action(action(io, async (s, promql: string, o: { at?: string; step?: string; since?: string; from?: string; to?: string; limit?: number }) => {
      const { runQuery } = await import('./query-run.js');
      await runQuery(s, promql, o);
    }));
}
