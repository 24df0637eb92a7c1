import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect } from './action.js';
import { LIVE_DEFAULTS } from '../src/alerts/live-defaults.js';

export function registerAlertCommands(program: Command, io: IO): void {
  const alerts = program.command('alerts').description('firing alerts from Alertmanager (or Prometheus), and their correlation');
  alerts
    .command('list')
    .alias('ls')
    .description('list alerts from Alertmanager, or from Prometheus when the context has no Alertmanager')
    .option('-f, --filter <matcher>', 'label matcher such as severity="critical" (repeatable)', collect, [])
    .option('--silenced', 'include silenced alerts')
    .option('--inhibited', 'include inhibited alerts')
    .option('--pending', "add pending alerts, from Prometheus (Alertmanager never sees them)")
    .addHelpText('after', `
Examples:
  obs alerts list
  obs alerts list -f 'severity="critical"' -f 'service=~"pay.*"' -o json`)
    .action(action(io, async (s, o: { filter: string[]; silenced?: boolean; inhibited?: boolean; pending?: boolean }) => {
      const { runAlertsList } = await import('./alerts-run.js');
      await runAlertsList(s, o);
    }));
  alerts
    .command('correlate')
    .description('group alerts into incidents and rank their root causes, explaining every join and every point')
    .option('--window <duration>', 'an alert joins a group when it starts at most this long after its latest alert', '10m')
    .option('--since <duration>', 'only alerts that started this far back (before the capture, with --replay)', LIVE_DEFAULTS.since)
    .option('--replay <file>', "alerts from a capture of Alertmanager's GET /api/v2/alerts (a JSON array; - for stdin)")
    .option('--topology <file>', "service graph: a capture of Jaeger's GET /api/dependencies, or a knowledge graph {nodes, edges} with instances and hosts")
    .option('--evidence-budget <duration>', 'live: how long the ranking waits for its evidence in all (the call graph, then the SLO burn and the suspects\' traces and log patterns) before ranking without what is missing', LIVE_DEFAULTS.evidenceBudget)
    .option('--edge <parent:child>', 'a dependency to add by hand: parent calls child (repeatable)', collect, [])
    .addHelpText('after', `
Examples:
  obs alerts correlate
  obs alerts correlate --window 5m --edge checkout:payments-db -o json
  obs alerts correlate --replay incident-alerts.json --topology dependencies.json   # offline, e.g. in CI`)
    .action(action(io, async (s, o: import('./alerts-correlate-run.js').CorrelateFlags) => {
      const { runAlertsCorrelate } = await import('./alerts-correlate-run.js');
      await runAlertsCorrelate(s, o);
    }));

  const silences = program.command('silences').description('Alertmanager silences');
  silences
    .command('list')
    .alias('ls')
    .description('list silences (active and pending; --expired adds expired ones)')
    .option('-f, --filter <matcher>', 'show silences with this exact matcher (repeatable)', collect, [])
    .option('--expired', 'include expired silences')
    .action(action(io, async (s, o: { filter: string[]; expired?: boolean }) => {
      const { runSilencesList } = await import('./alerts-run.js');
      await runSilencesList(s, o);
    }));
  silences
    .command('add <matchers...>')
    .description('silence alerts matching all matchers, e.g. obs silences add alertname="NodeDown" instance=~"10.0.0.6:.*"')
    .option('-d, --duration <duration>', 'how long the silence lasts', '2h')
    .option('--comment <text>', 'why', 'silenced from obs')
    .option('--author <name>', 'who (default: $USER)')
    .action(action(io, async (s, matchers: string[], o: { duration: string; comment: string; author?: string }) => {
      const { runSilenceAdd } = await import('./alerts-run.js');
      await runSilenceAdd(s, matchers, o);
    }));
  silences
    .command('expire <id>')
    .description('expire a silence now')
    .action(action(io, async (s, id: string) => {
      const { runSilenceExpire } = await import('./alerts-run.js');
      await runSilenceExpire(s, id);
    }));
}
