import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect, timeOptions } from './action.js';

export function registerTraceCommands(program: Command, io: IO): void {
  const traces = program.command('traces').description('Jaeger: search traces, draw a waterfall, show the dependency graph');
  timeOptions(
    traces
      .command('search')
      .description('find traces and summarise them: count, p50/p95/p99 by operation, error traces first')
      .requiredOption('-s, --service <name>', 'service')
      .option('--operation <name>', 'operation (span name)')
      .option('--error', 'only traces with a failed span')
      .option('--min-duration <duration>', 'only traces at least this long, e.g. 500ms')
      .option('--max-duration <duration>', 'only traces at most this long')
      .option('--tag <key=value>', 'span attribute to match (repeatable)', collect, [])
      .option('--limit <n>', 'most traces', (v) => Number.parseInt(v, 10), 20),
    '1h',
  )
    .addHelpText('after', `
Examples:
  obs traces search --service checkout --error --since 30m
  obs traces search --service payments --min-duration 1s -o json`)
    .action(action(io, async (s, o: Parameters<typeof import('./traces-run.js').runTraceSearch>[1]) => {
      const { runTraceSearch } = await import('./traces-run.js');
      await runTraceSearch(s, o);
    }));
  traces
    .command('show <traceId>')
    .description('a waterfall fitted to the terminal: critical path, errors, service colours')
    .option('--attributes [spanId]', 'also print attributes and events of every span (or of one)')
    .option('--fold <spanId>', 'fold the subtree under this span (repeatable)', collect, [])
    .option('--depth <n>', 'fold everything deeper than n levels', (v) => Number.parseInt(v, 10))
    .addHelpText('after', `
Examples:
  obs traces show 4bf92f3577b34da6a3ce929d0e0e4736
  obs traces show 4bf92f3577b34da6a3ce929d0e0e4736 --depth 3 --attributes`)
    .action(action(io, async (s, id: string, o: Parameters<typeof import('./traces-run.js').runTraceShow>[2]) => {
      const { runTraceShow } = await import('./traces-run.js');
      await runTraceShow(s, id, o);
    }));
  traces
    .command('deps')
    .description('the service dependency graph with call counts (Jaeger /api/dependencies)')
    .option('--since <duration>', 'look back this far', '24h')
    .action(action(io, async (s, o: { since: string }) => {
      const { runTraceDeps } = await import('./traces-run.js');
      await runTraceDeps(s, o);
    }));
}
