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
  timeOptions(
    analytics
      .command('impact')
      .description('product impact of an incident: active users, key events and conversion against the day and the week before, and users affected')
      .option('--incident <incident>', 'the incident\'s window (from its first alert to its resolution, or now)'),
    '1h',
  )
    .addHelpText('after', `
Examples:
  obs analytics impact --incident a7f
  obs analytics impact --from 2026-11-23T10:00:00Z --to 2026-11-23T11:30:00Z -o json`)
    .action(action(io, async (s, o: Parameters<typeof import('./analytics-impact-run.js').runAnalyticsImpact>[1]) => {
      const { runAnalyticsImpact } = await import('./analytics-impact-run.js');
      await runAnalyticsImpact(s, o);
    }));
}
