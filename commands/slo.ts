import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect } from './action.js';
import type { SloFlags } from './slo-run.js';

const FILES_HELP = 'SLO spec file or directory (repeatable; default: the context\'s sloDir, else ./slos or ./slo)';

function specOptions(cmd: Command): Command {
  return cmd.option('-f, --file <path>', FILES_HELP, collect);
}

export function registerSloCommands(program: Command, io: IO): void {
  const slo = program
    .command('slo')
    .description('SLOs from OpenSLO v1 and Sloth spec files, evaluated against Prometheus: verdicts for CI, budgets for humans')
    .addHelpText('after', `
Examples:
  obs slo check -f slos/ --gate 'remaining<10%' -o junit > slo-report.xml
  obs slo status
  obs slo explain payments-availability --at 2024-05-15T09:12:00Z
  obs slo list -f slos/payments.yaml

Exit codes of \`obs slo check\`: 0 OK or WARNING (1 with --strict), 1 BREACHED (page alert, budget exhausted
or a failed gate), 2 a spec or flag is wrong, 3 NO_DATA or Prometheus could not answer.`);

  specOptions(slo.command('check'))
    .description('evaluate every SLO and give a verdict per SLO and overall; the exit code is the verdict (for CI)')
    .option('--at <time>', 'evaluate at this instant instead of now: RFC3339, unix seconds or now-2h')
    .option('--gate <expr>', 'fail when true, e.g. remaining<10%, burn(1h)>2, sli(30d)<99.5%; prefix warn: to only warn (repeatable)', collect)
    .option('--strict', 'exit 1 on WARNING too')
    .addHelpText('after', `
Outputs (-o): table (terminal), json (the documented report), yaml, csv, junit (one testcase per SLO), markdown (a PR comment).

Examples:
  obs slo check                                # the specs of the context, or ./slos
  obs slo check -f slos/ -f team-b/payments.yaml --strict
  obs slo check --gate 'remaining<10%' --gate 'warn:burn(6h)>1' -o markdown > slo-comment.md
  obs slo check -o junit > slo-report.xml      # CI test report; exit 1 when an SLO is BREACHED
  obs slo check --at now-3h -o json            # the verdict as it was three hours ago
  obs slo check --demo --scenario calm         # the demo world's SLOs
  OBS_PROMETHEUS_URL=http://prometheus:9090 obs slo check -f slos/ -o json | jq '.slos[] | {name, verdict}'

Exit codes: 0 OK or WARNING (1 with --strict), 1 BREACHED, 2 a spec or flag is wrong, 3 NO_DATA or backend failure.`)
    .action(action(io, async (s, o: SloFlags) => {
      const { runSloCheck } = await import('./slo-run.js');
      await runSloCheck(s, o);
    }));

  specOptions(slo.command('status'))
    .description('a compact table for humans: objective, SLI, budget left as a bar, burn rate now, budget over the period, firing alert')
    .option('--at <time>', 'as it was at this instant: RFC3339, unix seconds or now-2h')
    .addHelpText('after', `
Examples:
  obs slo status
  obs slo status -f slos/payments.yaml --at now-1d
  obs slo status --demo --scenario payments-db-latency`)
    .action(action(io, async (s, o: SloFlags) => {
      const { runSloStatus } = await import('./slo-run.js');
      await runSloStatus(s, o);
    }));

  specOptions(slo.command('explain <slo>'))
    .description('show the exact PromQL run for each window, each value returned, and the arithmetic to the verdict')
    .option('--at <time>', 'explain the verdict at this instant: RFC3339, unix seconds or now-2h')
    .option('--gate <expr>', 'also explain these gates (repeatable)', collect)
    .addHelpText('after', `
Examples:
  obs slo explain payments-availability
  obs slo explain checkout-availability --at 2024-05-15T09:12:00Z --gate 'burn(1h)>2'
  obs slo explain payments-latency -o json`)
    .action(action(io, async (s, name: string, o: SloFlags) => {
      const { runSloExplain } = await import('./slo-run.js');
      await runSloExplain(s, name, o);
    }));

  specOptions(slo.command('list'))
    .description('list the SLOs the specs define (no backend needed); spec problems are printed as file:line and exit 2')
    .addHelpText('after', `
Examples:
  obs slo list
  obs slo list -f slos/ -o json`)
    .action(action(io, async (s, o: SloFlags) => {
      const { runSloList } = await import('./slo-run.js');
      await runSloList(s, o);
    }));
}
