import { ConfigError } from '../src/config/errors.js';
import { nextSeverity } from '../src/incidents/escalation.js';
import { handoffSummary } from '../src/incidents/handoff.js';
import { describeEvent } from '../src/incidents/events.js';
import { sanitize } from '../src/output/sanitize.js';
import { parseDuration } from '../src/time/time.js';
import { session, withStore } from './incident-run.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

/** `obs incident escalate`: one severity level up, announced on the new severity's channels. */
export async function runIncidentEscalate(s: Session, ref: string | undefined, o: { reason?: string }): Promise<void> {
  const { store, notifier } = await session(s);
  const { id, state } = await withStore(() => store.read(ref));
  const severity = nextSeverity(state.severity);
  if (!severity) throw new ConfigError(`${id} is ${state.severity} already: there is no higher severity`, 'page someone directly, or add a note');
  const event = await notifier.append(id, { type: 'escalated', severity, reason: o.reason?.trim() || `escalated by ${state.acknowledgedBy ? 'the responder' : 'hand'}` }, state);
  if (s.format() === 'table') s.print(`${id} ${event.at.slice(11, 19)}: ${describeEvent(event)}`);
  else s.output([], [], { incident: id, event });
}

/** `obs incident handoff --to NAME`: the summary the next person needs, recorded and announced; they become the assignee. */
export async function runIncidentHandoff(s: Session, ref: string | undefined, o: { to: string }): Promise<void> {
  const to = o.to.trim();
  if (!to) throw new ConfigError('--to needs a name');
  const { store, notifier } = await session(s);
  const { id, state } = await withStore(() => store.read(ref));
  const summary = handoffSummary(state, s.io.now(), to);
  const event = await notifier.append(id, { type: 'handoff', to, summary }, state);
  if (s.format() === 'table') s.print(summary);
  else s.output([], [], { incident: id, event, summary });
}

/**
 * `obs incident sync`: send every notification not sent yet, now, whatever its backoff says
 * (after fixing a channel, or when the network is back). Exit 3 when some still fail.
 */
export async function runIncidentSync(s: Session, ref: string | undefined): Promise<void> {
  const { store, notifier } = await session(s);
  if (!notifier.config) throw new ConfigError('the context has no notify channels', 'see "Notifications" in the README');
  const ids = ref ? [await withStore(() => store.resolve(ref))] : (await store.list()).incidents.filter((i) => i.notifications.some((n) => n.status !== 'sent')).map((i) => i.id);
  let failed = 0;
  const rows: { incident: string; channel: string; result: string }[] = [];
  for (const id of ids) {
    const report = await notifier.flush(id, true);
    for (const r of report?.sent ?? []) rows.push({ incident: id, channel: r.channel, result: 'sent' });
    for (const r of report?.failed ?? []) rows.push({ incident: id, channel: r.channel, result: `failed: ${sanitize(r.error, { maxLength: 200 })}` });
    failed += report?.failed.length ?? 0;
  }
  s.output(rows, [
    { header: 'INCIDENT', value: (r) => r.incident },
    { header: 'CHANNEL', value: (r) => r.channel },
    { header: 'RESULT', value: (r) => r.result },
  ], { sent: rows.filter((r) => r.result === 'sent').length, failed, results: rows });
  if (rows.length === 0 && s.format() === 'table') s.print('nothing to send');
  if (failed) throw new ExitWith(EXIT.backend);
}

/** `obs incident watch`: escalate unacknowledged incidents and retry notifications every interval, until interrupted. */
export async function runIncidentWatch(s: Session, o: { interval?: string }): Promise<void> {
  const intervalMs = parseDuration(o.interval ?? '30s');
  if (intervalMs < 1000) throw new ConfigError('--interval must be at least 1s');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    s.print(`watching incidents every ${o.interval ?? '30s'} (escalation, notification retries); Ctrl-C stops`);
    while (!stop.signal.aborted) {
      // session() does the housekeeping: escalations due and notifications due.
      await session(s);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
