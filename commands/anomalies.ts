import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect } from './action.js';
import type { AnomalyFlags } from './anomalies-run.js';

export function registerAnomalyCommands(program: Command, io: IO): void {
  program
    .command('anomalies [promql...]')
    .description("what is unusual now: every service's request rate, error ratio and p99 (or the queries given) scored against its own history")
    .option('--since <duration>', 'report what was unusual within this recent window (default 6h)')
    .option('--history <duration>', 'how much history each series is judged against (default 7d)')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .option('--threshold <score>', 'score from which a series counts as anomalous, 0..1 (default 0.6)')
    .option('--all', 'list every series, not only the anomalous ones')
    .option('--file <csv>', 'score a recorded series instead: a CSV with the header timestamp,value')
    .option('--emit <what>', 'with --file: scores (one JSON object per row: timestamp, value, score)', 'scores')
    .addHelpText('after', `
Examples:
  obs anomalies                                   # every service, the last 6h against the last 7d
  obs anomalies --service payments --since 1h -o json
  obs anomalies 'sum(rate(orders_total[5m]))' 'node_load1'
  obs anomalies --demo --scenario payments-db-latency
  obs anomalies --file latency.csv --emit scores | jq 'select(.score > 0.6)'

Scores are 0..1 and mean the same on every series (0.6: a deviation with a chance of about one
in a billion under the series' own history). With --file, each row's score uses only the rows up
to and including its own, and the same file always gives the same scores.

Exit codes: 0 nothing anomalous, 1 something is, 2 a flag or the file is wrong,
3 Prometheus could not answer (or only partly: what it answered is still shown).`)
    .action(action(io, async (s, promql: string[], o: AnomalyFlags) => {
      const { runAnomalies } = await import('./anomalies-run.js');
      await runAnomalies(s, promql, o);
    }));
}
