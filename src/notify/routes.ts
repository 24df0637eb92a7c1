import type { EventBody, IncidentState, Severity } from '../incidents/types.js';
import type { ChannelType, NotifyConfig } from './types.js';

/**
 * Which channel types a severity goes to when the context names no route for it (P0..P3 are
 * sev1..sev4): sev1 pages, sev2 pages and posts to Slack, sev3 and sev4 go to Slack; generic
 * webhooks hear about everything.
 */
const DEFAULT_ROUTES: Record<Severity, ChannelType[]> = {
  sev1: ['pagerduty', 'webhook'],
  sev2: ['pagerduty', 'slack', 'slack-webhook', 'webhook'],
  sev3: ['slack', 'slack-webhook', 'webhook'],
  sev4: ['slack', 'slack-webhook', 'webhook'],
};

/** The channel names an incident of this severity is announced on. */
export function routeFor(config: NotifyConfig, severity: Severity): string[] {
  const named = config.routes?.[severity];
  if (named) return named.filter((n) => n in config.channels);
  return Object.entries(config.channels)
    .filter(([, c]) => DEFAULT_ROUTES[severity].includes(c.type))
    .map(([name]) => name);
}

/**
 * Whether a channel type has something to say about an event. PagerDuty only knows an alert's
 * life (trigger, acknowledge, resolve); chat and webhooks hear every step people take.
 */
export function announces(type: ChannelType, body: EventBody, before?: IncidentState): boolean {
  switch (body.type) {
    case 'opened':
    case 'acknowledged':
    case 'escalated':
      return true;
    case 'status':
      if (type !== 'pagerduty') return true;
      // Resolving, or reopening a resolved incident (a new trigger).
      return body.status === 'resolved' || before?.status === 'resolved';
    case 'note':
    case 'assigned':
    case 'handoff':
      return type !== 'pagerduty';
    default:
      return false;
  }
}

/**
 * The channels to record on an event as it is written: those of the severity it leaves the
 * incident at, and every channel that already follows the incident (a Slack thread keeps hearing
 * about an incident that escalated past it; PagerDuty hears the resolution of what it paged).
 */
export function planNotify(config: NotifyConfig | undefined, body: EventBody, before?: IncidentState): string[] {
  if (!config) return [];
  const severity = body.type === 'opened' || body.type === 'escalated' ? body.severity : before?.severity;
  if (!severity) return [];
  const following = (before?.notifications ?? []).map((n) => n.channel).filter((name) => name in config.channels);
  return [...new Set([...routeFor(config, severity), ...following])].filter((name) => announces(config.channels[name].type, body, before));
}
