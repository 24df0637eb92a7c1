import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect, timeOptions } from './action.js';
import type * as Run from './incident-run.js';
import { LIVE_DEFAULTS } from '../src/alerts/live-defaults.js';

const run = () => import('./incident-run.js');

export function registerIncidentCommands(program: Command, io: IO): void {
  const incident = program
    .command('incident')
    .description("incidents from page to postmortem: evidence snapshots, runbook, timeline (local append-only logs)")
    .addHelpText('after', `
An incident is a JSONL event log in the context's incidentDir (default: obs's state directory).
ID is a full incident ID (inc-20261123-a7f) or its last part (a7f); without one, the current
incident (the last one opened or chosen with \`obs incident use\`).

Examples:
  obs --demo incident open                         # against the demo world (its incidents stay apart: --demo on each command)
  obs incident open --severity sev2 --service payments --title "Payments slow"
  obs incident ack && obs incident note "rolling back 4.14.0"
  obs runbook run payments-db-latency              # steps go into the timeline
  obs incident status resolved
  obs incident postmortem > postmortem.md
  obs incident handoff --to bob                    # summary of state, open questions, last actions
  obs incident sync                                # resend notifications that failed (PagerDuty, Slack, webhooks)`);

  incident
    .command('open')
    .description('open an incident: snapshot the evidence, attach the matching runbook, make it current')
    .option('--title <text>', 'title (default: from the top alert group)')
    .option('--severity <sev>', 'sev1..sev4 (default: from the alerts: critical sev2, warning sev3)')
    .option('--service <name>', 'affected service (repeatable; default: the alert group\'s services)', collect, [])
    .option('--from-group <id>', 'the alert group to open it from (ID from `obs alerts correlate`)')
    .option('--no-snapshot', 'open without capturing evidence (take one later with `obs incident snapshot`)')
    .option('--evidence-budget <duration>', 'how long the ranking waits for its evidence in all: the call graph, then the SLO burn, traces and log patterns (as `obs alerts correlate`)', LIVE_DEFAULTS.evidenceBudget)
    .action(action(io, async (s, o: Run.OpenFlags) => (await run()).runIncidentOpen(s, o)));

  incident
    .command('list')
    .alias('ls')
    .description('incidents, open ones first, then newest first')
    .option('--open', 'only open incidents')
    .action(action(io, async (s, o: { open?: boolean }) => (await run()).runIncidentList(s, o)));

  incident
    .command('show [id]')
    .description('an incident: state, root cause, evidence, runbooks, recent timeline')
    .action(action(io, async (s, id?: string) => (await run()).runIncidentShow(s, id)));

  incident
    .command('use <id>')
    .description('make an incident the current one')
    .action(action(io, async (s, id: string) => (await run()).runIncidentUse(s, id)));

  incident
    .command('ack [id]')
    .description('acknowledge the incident')
    .action(action(io, async (s, id?: string) => (await run()).runIncidentEvent(s, id, { type: 'acknowledged' })));

  incident
    .command('note <text>')
    .description('add a note to the timeline')
    .option('--incident <incident>', 'incident ID (default: the current incident)')
    .action(action(io, async (s, text: string, o: { incident?: string }) => (await run()).runIncidentEvent(s, o.incident, { type: 'note', text })));

  incident
    .command('status <status> [id]')
    .description('set the status: investigating, identified, monitoring (mitigated) or resolved')
    .action(action(io, async (s, status: string, id?: string) => (await run()).runIncidentStatus(s, status, id)));

  incident
    .command('assign <name> [id]')
    .description('assign the incident to someone')
    .action(action(io, async (s, name: string, id?: string) => (await run()).runIncidentEvent(s, id, { type: 'assigned', assignee: name })));

  const team = () => import('./incident-team-run.js');

  incident
    .command('escalate [id]')
    .description('raise the severity one level (sev3 -> sev2) and announce it on that severity\'s channels')
    .option('--reason <text>', 'why, for the timeline and the messages')
    .action(action(io, async (s, id: string | undefined, o: { reason?: string }) => (await team()).runIncidentEscalate(s, id, o)));

  incident
    .command('handoff [id]')
    .description('hand the incident over: a summary of its state, open questions and last actions, recorded and announced')
    .requiredOption('--to <name>', 'who takes over (becomes the assignee)')
    .action(action(io, async (s, id: string | undefined, o: { to: string }) => (await team()).runIncidentHandoff(s, id, o)));

  incident
    .command('sync [id]')
    .description('send now every notification not delivered yet (all incidents, or one); exit 3 if some still fail')
    .action(action(io, async (s, id?: string) => (await team()).runIncidentSync(s, id)));

  incident
    .command('watch')
    .description('escalate incidents nobody acknowledged in time and retry notifications, every interval, until Ctrl-C')
    .option('--interval <duration>', 'how often to check (default 30s)')
    .action(action(io, async (s, o: { interval?: string }) => (await team()).runIncidentWatch(s, o)));

  incident
    .command('timeline [id]')
    .description('every event of the incident, in order')
    .action(action(io, async (s, id?: string) => (await run()).runIncidentTimeline(s, id)));

  incident
    .command('snapshot [id]')
    .description('capture the evidence again and add it to the incident')
    .option('--evidence-budget <duration>', 'how long the ranking waits for its evidence in all: the call graph, then the SLO burn, traces and log patterns (as `obs alerts correlate`)', LIVE_DEFAULTS.evidenceBudget)
    .action(action(io, async (s, id: string | undefined, o: { evidenceBudget: string }) => (await run()).runIncidentSnapshot(s, id, o)));

  incident
    .command('postmortem [id]')
    .description('draft the postmortem from what the incident recorded (-o markdown, the default, or json)')
    .option('--offline', 'use only what the incident recorded (by default Amplitude and Prometheus are asked for the impact and the SLO budget spent over the whole incident)')
    .addHelpText('after', `
Examples:
  obs incident postmortem > postmortem.md
  obs incident postmortem a7f -o json | jq -r .markdown`)
    .action(action(io, async (s, id: string | undefined, o: { offline?: boolean }) => (await run()).runIncidentPostmortem(s, id, o)));

  timeOptions(
    incident.command('stats').description('how many incidents were opened, mean and median time to acknowledge (MTTA) and to resolve (MTTR)'),
    '30d',
  ).action(action(io, async (s, o: { since?: string; from?: string; to?: string }) => (await run()).runIncidentStats(s, o)));
}
