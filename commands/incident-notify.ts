import type { Backends } from '../src/backends/index.js';
import { ConfigError } from '../src/config/errors.js';
import { escalationDue, nextSeverity } from '../src/incidents/escalation.js';
import type { IncidentStore } from '../src/incidents/store.js';
import type { EventBody, IncidentEvent, IncidentState } from '../src/incidents/types.js';
import { escalateAfterMs, resolveChannels, type ResolvedChannel } from '../src/notify/config.js';
import { deliverPending, type DeliveryReport } from '../src/notify/deliver.js';
import { planNotify } from '../src/notify/routes.js';
import type { NotifyConfig } from '../src/notify/types.js';
import { sanitize } from '../src/output/sanitize.js';
import type { Session } from './session.js';

/**
 * How the incident commands announce what they write: plan the channels when an event is
 * written, then send. Sending happens after the event is safe in the log and never fails the
 * command: what could not be sent stays in the log, is retried later, and shows in `incident show`.
 */
export class Notifier {
  private channels?: ResolvedChannel[];
  private warned = false;

  private constructor(
    private readonly s: Session,
    private readonly store: IncidentStore,
    readonly config: NotifyConfig | undefined,
    private readonly contextName: string,
  ) {}

  /** The demo world never announces anything, whatever the context says. */
  static for(s: Session, backends: Backends, store: IncidentStore): Notifier {
    return new Notifier(s, store, s.opts.demo ? undefined : backends.context.context.notify, backends.context.name);
  }

  /**
   * The channels with their secrets, resolved when something is to be sent. A secret that cannot
   * be had (an unset variable) must not stop incident work: it is said, and everything stays
   * pending; `obs incident sync` (strict) fails on it with exit 2.
   */
  private resolved(strict: boolean): ResolvedChannel[] {
    if (!this.config) return [];
    try {
      this.channels ??= resolveChannels(this.contextName, this.config);
    } catch (err) {
      if (strict || !(err instanceof ConfigError)) throw err;
      if (!this.warned) this.s.warn(`notifications not sent, kept pending: ${err.message}`);
      this.warned = true;
      return [];
    }
    return this.channels;
  }

  plan(body: EventBody, before?: IncidentState): string[] {
    return planNotify(this.config, body, before);
  }

  /** Append an event with its planned channels, then send what is due. */
  async append(id: string, body: EventBody, before: IncidentState): Promise<IncidentEvent> {
    const event = await this.store.append(id, body, { notify: this.plan(body, before) });
    await this.flush(id);
    return event;
  }

  /** Send what is due for one incident; `manual` (obs incident sync) retries everything not sent. */
  async flush(id: string, manual = false): Promise<DeliveryReport | undefined> {
    const channels = this.resolved(manual);
    if (!channels.length) return undefined;
    const report = await deliverPending(this.store, id, channels, { now: this.s.io.now, manual, runbookUrl: this.config?.runbookUrl });
    for (const f of report.failed)
      this.s.warn(`${id}: notification on ${sanitize(f.channel)} failed, kept in the incident log ${f.retryAt ? `(retried from ${new Date(f.retryAt).toISOString().slice(11, 19)} UTC, or now with \`obs incident sync\`)` : '(fix the channel, then `obs incident sync`)'}: ${sanitize(f.error, { maxLength: 300 })}`);
    for (const name of report.unknownChannels) this.s.warn(`${id}: notifications planned on channel "${sanitize(name)}", which the context no longer has; they stay pending`);
    return report;
  }

  /**
   * What is due on every open incident, checked whenever an incident command runs (and by
   * `obs incident watch`): escalate the ones nobody acknowledged in time, and retry failed
   * notifications whose time has come.
   */
  async housekeeping(): Promise<void> {
    if (!this.config) return;
    const after = escalateAfterMs(this.config);
    const now = this.s.io.now();
    const { incidents } = await this.store.list();
    for (const state of incidents.filter((i) => i.open)) {
      let escalated = false;
      if (after !== undefined && escalationDue(state, now, after)) {
        const severity = nextSeverity(state.severity)!;
        const minutes = Math.round(after / 60_000);
        await this.store.append(state.id, { type: 'escalated', severity, reason: `not acknowledged within ${minutes}m (automatic)` }, { notify: this.plan({ type: 'escalated', severity, reason: '' }, state) });
        this.s.warn(`${state.id} was not acknowledged within ${minutes}m: escalated to ${severity}`);
        escalated = true;
      }
      if (escalated || state.notifications.some((n) => n.status !== 'sent')) await this.flush(state.id);
    }
  }
}
