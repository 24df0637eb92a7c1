import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, timeOptions } from './action.js';
import type { ForecastFlags } from './forecast-run.js';

export function registerForecastCommand(program: Command, io: IO): void {
  timeOptions(
    program
      .command('forecast <promql>')
      .description('where each series of a PromQL query is heading: expected value and 90% interval at a horizon (trend and daily/weekly seasonality)')
      .option('--horizon <duration>', 'how far ahead (default 7d)'),
    '14d',
  )
    .addHelpText('after', `
The history (--since, default 14d) is fetched as a range query; the model (season none/day/week,
how many past cycles, trend or not) is chosen by backtesting on the last 20% of that history, and
its errors there give the interval.

Examples:
  obs forecast 'sum(node_filesystem_avail_bytes{mountpoint="/"})' --horizon 7d
  obs forecast 'sum by (service) (rate(http_requests_total[5m]))' --since 28d --horizon 2d -o json

Exit codes: 0 ok, 2 bad flag or PromQL, 3 Prometheus could not answer or returned no data.`)
    .action(action(io, async (s, promql: string, o: ForecastFlags) => {
      const { runForecast } = await import('./forecast-run.js');
      await runForecast(s, promql, o);
    }));
}
