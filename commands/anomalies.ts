import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerAnomalyCommands(program: Command, io: IO): void {
  program
    .command('anomalies')
    .description('how unusual each series is now against its own history (online detector; offline with --file)')
    .option('--file <csv>', 'score a recorded series instead: a CSV with the header timestamp,value')
    .option('--emit <what>', 'with --file: scores (one JSON object per row: timestamp, value, score)', 'scores')
    .addHelpText('after', `
Examples:
  obs anomalies --file latency.csv --emit scores | jq 'select(.score > 0.5)'

With --file, each row's score in [0, 1] uses only the rows up to and including its own (as it would
live), and the same file always gives the same scores. 0.5 is the default alarm threshold.
Exit codes: 0 ok, 2 the file or a flag is wrong.`)
    .action(action(io, async (s, o: { file?: string; emit?: string }) => {
      const { runAnomalies } = await import('./anomalies-run.js');
      await runAnomalies(s, o);
    }));
}
