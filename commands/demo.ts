import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerDemoCommand(program: Command, io: IO): void {
  program
    .command('demo')
    .description('start the demo world (Prometheus, Alertmanager, Loki, Jaeger and Amplitude APIs on loopback) until Ctrl-C')
    .option('--save', 'save it as context "demo" so other shells can use `obs -c demo ...`')
    .option('--onset <time>', 'when the scenario starts (default: 20 minutes ago, so it is already in progress)')
    .addHelpText('after', `
Examples:
  obs demo --scenario checkout-bad-deploy --save
  obs demo --scenario calm --seed 7`)
    .action(action(io, async (s, o: { save?: boolean; onset?: string }) => {
      const { runDemo } = await import('./demo-run.js');
      await runDemo(s, o);
    }));
}
