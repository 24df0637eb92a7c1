import { describeEvent } from '../incidents/events.js';
import { readAlertsEvidence, readImpactEvidence, readSloEvidence } from '../incidents/evidence.js';
import type { IncidentEvent, IncidentState, SnapshotRecord } from '../incidents/types.js';
import { sanitize } from '../output/sanitize.js';

/** What an engineer needs to act on an incident, taken from its log. Every string is sanitised. */
export interface IncidentBrief {
  id: string;
  title: string;
  severity: string;
  status: string;
  services: string[];
  /** Top root-cause candidates, best first, with their reasons. */
  candidates: { service: string; score: number; reasons: string[] }[];
  /** SLOs of the incident's services that burn budget faster than they earn it. */
  sloBurn: { name: string; burnRate: number; budgetRemaining?: number }[];
  impact?: { usersAffected?: number; eventsLost: { name: string; lost: number }[] };
  runbooks: { name: string; url?: string }[];
  /** Who is on it: the assignee, else whoever acknowledged; undefined while nobody is. */
  onIt?: string;
  openedBy: string;
  /** RFC3339: the first alert of the incident's group, else the opening. */
  startedAt: string;
}

const clean = (s: string, max = 300) => sanitize(s, { maxLength: max });
const MAX_CANDIDATES = 3;
const MAX_REASONS = 3;

export function incidentBrief(state: IncidentState, options: { runbookUrl?: string } = {}): IncidentBrief {
  const alerts = latestOk(state.snapshots, 'alerts', readAlertsEvidence);
  const slo = latestOk(state.snapshots, 'slo', readSloEvidence);
  const impact = latestOk(state.snapshots, 'impact', readImpactEvidence);
  const mine = new Set(state.services);
  const burning = (slo?.slos ?? [])
    .filter((s) => s.burnRate !== undefined && s.burnRate > 1 && (mine.size === 0 || (s.service !== undefined && mine.has(s.service))))
    .sort((a, b) => b.burnRate! - a.burnRate!);
  const lost = (impact?.events ?? []).filter((e): e is { name: string; lost: number } => (e.lost ?? 0) >= 1);
  const who = state.assignee ?? state.acknowledgedBy;
  return {
    id: state.id,
    title: clean(state.title),
    severity: state.severity,
    status: state.status,
    services: state.services.map((s) => clean(s, 100)),
    candidates: (alerts?.candidates ?? []).slice(0, MAX_CANDIDATES).map((c) => ({
      service: clean(c.service, 100),
      score: Math.round(c.score * 100) / 100,
      reasons: c.evidence.slice(0, MAX_REASONS).map((r) => clean(r)),
    })),
    sloBurn: burning.map((s) => ({ name: clean(s.name, 100), burnRate: Math.round(s.burnRate! * 10) / 10, ...(s.budgetRemaining !== undefined ? { budgetRemaining: s.budgetRemaining } : {}) })),
    ...(impact && (impact.usersAffected !== undefined || lost.length)
      ? { impact: { ...(impact.usersAffected !== undefined ? { usersAffected: Math.round(impact.usersAffected) } : {}), eventsLost: lost.map((e) => ({ name: clean(e.name, 100), lost: Math.round(e.lost) })) } }
      : {}),
    runbooks: state.runbooks.map((name) => ({
      name: clean(name, 100),
      ...(options.runbookUrl ? { url: options.runbookUrl.replaceAll('{runbook}', encodeURIComponent(name)) } : {}),
    })),
    ...(who ? { onIt: clean(who, 100) } : {}),
    openedBy: clean(state.openedBy, 100),
    startedAt: new Date(state.startedAt ?? state.openedAt).toISOString(),
  };
}

/** The brief as lines of plain text (the first is the headline). */
export function briefLines(b: IncidentBrief): string[] {
  const lines = [`[${b.severity.toUpperCase()}] ${b.title} (${b.id}, ${b.status})`];
  if (b.services.length) lines.push(`Services: ${b.services.join(', ')}`);
  for (const [i, c] of b.candidates.entries()) lines.push(`${i === 0 ? 'Likely root cause' : 'Also possible'}: ${c.service} (score ${c.score})${c.reasons.length ? ` — ${c.reasons.join('; ')}` : ''}`);
  if (b.sloBurn.length)
    lines.push(`SLO burn: ${b.sloBurn.map((s) => `${s.name} ${s.burnRate}x${s.budgetRemaining === undefined ? '' : ` (${Math.round(s.budgetRemaining * 100)}% budget left)`}`).join(', ')}`);
  if (b.impact)
    lines.push(`Impact: ${[
      ...(b.impact.usersAffected !== undefined ? [`~${b.impact.usersAffected} users affected`] : []),
      ...b.impact.eventsLost.map((e) => `${e.name} -${e.lost}`),
    ].join(', ')}`);
  if (b.runbooks.length) lines.push(`Runbook: ${b.runbooks.map((r) => `${r.name}${r.url ? ` ${r.url}` : ''} (obs runbook run ${r.name})`).join(', ')}`);
  lines.push(b.onIt ? `On it: ${b.onIt}` : `On it: nobody yet (obs incident ack ${b.id})`);
  lines.push(`Started: ${b.startedAt}; opened by ${b.openedBy}`);
  return lines;
}

/** One line on what an event changed, for a thread reply or a follow-up message. */
export function updateLine(state: IncidentState, event: IncidentEvent): string {
  return `[${state.severity.toUpperCase()}] ${state.id}: ${describeEvent(event)} (by ${clean(event.author, 100)})`;
}

/** Slack's mrkdwn treats &, < and > as markup; everything else is shown as written. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A Slack message (text for notifications, blocks for the channel) carrying the whole brief. */
export function slackBrief(b: IncidentBrief, lead?: string): { text: string; blocks: unknown[] } {
  const [headline, ...rest] = briefLines(b).map(slackEscape);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
    ...(lead ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(lead) }] }] : []),
    { type: 'section', text: { type: 'mrkdwn', text: rest.join('\n').slice(0, 3000) } },
  ];
  return { text: headline, blocks };
}

function latestOk<T>(snapshots: SnapshotRecord[], name: string, read: (data: unknown) => T | undefined): T | undefined {
  for (const snap of [...snapshots].reverse())
    for (const part of snap.parts) if (part.name === name && part.status === 'ok') return read(part.data);
  return undefined;
}
