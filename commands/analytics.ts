import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, timeOptions } from './action.js';

export function registerAnalyticsCommands(program: Command, io: IO): void {
  const analytics = program.command('analytics').description('Amplitude: product events and users');
  timeOptions(
    analytics
      .command('events <event>')
      .description('counts of an event (event segmentation), hourly or daily')
      .option('--uniques', 'unique users instead of event totals')
      .option('--interval <i>', 'hourly or daily (default: hourly up to 7 days)'),
    '24h',
  )
    .addHelpText('after', `
Examples:
  obs analytics events checkout_completed --since 24h
  obs analytics events add_to_cart --since 7d --interval daily -o csv`)
    .action(action(io, async (s, event: string, o: Parameters<typeof import('./analytics-run.js').runAnalyticsEvents>[2]) => {
      const { runAnalyticsEvents } = await import('./analytics-run.js');
      await runAnalyticsEvents(s, event, o);
    }));
}
