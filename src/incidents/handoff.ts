import { humanDuration } from './postmortem.js';
import { readAlertsEvidence } from './evidence.js';
import type { IncidentState } from './types.js';
import { sanitize } from '../output/sanitize.js';

const clean = (s: string, max = 300) => sanitize(s, { maxLength: max });

/**
 * What the next person needs when an incident changes hands: where it stands, what is still
 * open, and the last things done. Pure: from the folded log only.
 */
export function handoffSummary(state: IncidentState, now: number, to: string, lastActions = 5): string {
  const started = state.startedAt ?? state.openedAt;
  const lines = [
    `Handoff of ${state.id} to ${clean(to, 100)}: ${clean(state.title)}`,
    '',
    'State:',
    `- ${state.severity}, ${state.status}, for ${humanDuration(now - started)} (since ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    `- Services: ${state.services.map((s) => clean(s, 100)).join(', ') || 'none recorded'}`,
    `- Acknowledged: ${state.acknowledgedAt === undefined ? 'no' : `by ${clean(state.acknowledgedBy ?? '', 100)}`}; assigned: ${state.assignee ? clean(state.assignee, 100) : 'nobody'}`,
  ];
  const top = latestCandidates(state)[0];
  if (top) lines.push(`- Likely root cause: ${clean(top.service, 100)} (score ${Math.round(top.score * 100) / 100})${top.evidence[0] ? `: ${clean(top.evidence[0])}` : ''}`);

  const questions: string[] = [];
  if (state.identifiedAt === undefined) questions.push(top ? `Is ${clean(top.service, 100)} really the cause? Not marked identified yet.` : 'What is the cause? Not marked identified yet.');
  if (state.identifiedAt !== undefined && state.mitigatedAt === undefined) questions.push('The cause is identified; is a fix in? (status monitoring)');
  for (const step of state.steps.filter((s) => s.action === 'refuse' || s.ok === false))
    questions.push(`Runbook ${clean(step.runbook, 100)} step ${step.step}${step.title ? ` (${clean(step.title, 100)})` : ''} ${step.action === 'refuse' ? 'was refused' : 'failed'}: ${clean(step.summary, 200)}`);
  const unsent = state.notifications.filter((n) => n.status !== 'sent');
  if (unsent.length) questions.push(`${unsent.length} notification${unsent.length === 1 ? '' : 's'} not delivered (obs incident sync): ${[...new Set(unsent.map((n) => n.channel))].join(', ')}`);
  for (const note of state.notes.filter((n) => n.text.trim().endsWith('?'))) questions.push(`${clean(note.author, 100)} asked: ${clean(note.text)}`);
  lines.push('', 'Open questions:', ...(questions.length ? questions.map((q) => `- ${q}`) : ['- none recorded']));

  const recent = state.timeline.filter((e) => e.type !== 'snapshot').slice(-lastActions);
  lines.push('', 'Last actions:', ...recent.map((e) => `- ${new Date(e.at).toISOString().slice(11, 16)} ${clean(e.author, 100)}: ${e.text}`));
  return lines.join('\n');
}

function latestCandidates(state: IncidentState) {
  for (const snap of [...state.snapshots].reverse())
    for (const part of snap.parts) if (part.name === 'alerts' && part.status === 'ok') return readAlertsEvidence(part.data)?.candidates ?? [];
  return [];
}
