import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerServicesCommand(program: Command, io: IO): void {
  program
    .command('services')
    .description('the services obs sees, worst first: convention, RPS, errors, latency, up, SLO budget, alerts and signals')
    .addHelpText('after', `
obs finds services by itself (OpenTelemetry, classic, Spring, gRPC, Istio, Linkerd, ingress-nginx,
Traefik, Envoy, datastore exporters, up{job}); \`obs doctor\` says what it found and what to set.
Exit codes: 0 ok, 3 a query failed and some columns are unknown.
Examples:
  obs services --demo
  obs services -c prod -o json | jq '.services[] | select(.errorRatio > 0.01)'`)
    .action(action(io, async (s) => {
      const { runServices } = await import('./services-run.js');
      await runServices(s);
    }));
}
