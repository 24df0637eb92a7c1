import { sanitize } from '../output/sanitize.js';
import { SEVERITIES, STATUSES, type EventBody, type IncidentEvent, type IncidentStatus, type Severity } from './types.js';

/** "sev2", "SEV2" or "2" -> "sev2"; undefined for anything else. */
export function parseSeverity(text: string): Severity | undefined {
  const s = text.trim().toLowerCase();
  const v = /^\d$/.test(s) ? `sev${s}` : s;
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

export function parseStatus(text: string): IncidentStatus | undefined {
  const s = text.trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(s) ? (s as IncidentStatus) : undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isSeverity = (v: unknown): v is Severity => (SEVERITIES as readonly unknown[]).includes(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isTime = (v: unknown): boolean => isString(v) && !Number.isNaN(Date.parse(v));

/**
 * Why an event body is not valid, or undefined when it is. Used both before writing and when
 * reading lines back (a line from a newer or damaged writer is skipped, not trusted).
 */
export function eventProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not an object';
  const e = body as Record<string, unknown>;
  switch (e.type) {
    case 'opened':
      if (!isString(e.incident) || !isString(e.title)) return 'opened needs incident and title';
      if (!isSeverity(e.severity)) return `severity must be one of ${SEVERITIES.join(', ')}`;
      if (!isStringArray(e.services)) return 'services must be a list of names';
      if (e.fromGroup !== undefined && !isString(e.fromGroup)) return 'fromGroup must be a string';
      if (e.startedAt !== undefined && !isTime(e.startedAt)) return 'startedAt must be an RFC3339 time';
      return undefined;
    case 'acknowledged':
      return undefined;
    case 'note':
      return isString(e.text) && e.text.trim() !== '' ? undefined : 'a note needs text';
    case 'status':
      return (STATUSES as readonly unknown[]).includes(e.status)
        ? undefined
        : `status must be one of ${STATUSES.join(', ')}`;
    case 'assigned':
      return isString(e.assignee) && e.assignee.trim() !== '' ? undefined : 'assigned needs an assignee';
    case 'updated':
      if (e.title !== undefined && !isString(e.title)) return 'title must be a string';
      if (e.severity !== undefined && !isSeverity(e.severity)) return `severity must be one of ${SEVERITIES.join(', ')}`;
      if (e.services !== undefined && !isStringArray(e.services)) return 'services must be a list of names';
      return undefined;
    case 'snapshot': {
      const s = e.snapshot as Record<string, unknown> | undefined;
      if (typeof s !== 'object' || s === null || !Array.isArray(s.parts)) return 'snapshot needs parts';
      for (const p of s.parts as unknown[]) {
        const part = p as Record<string, unknown>;
        if (typeof p !== 'object' || p === null || !isString(part.name) || !isString(part.source))
          return 'each snapshot part needs a name and a source';
        if (!['ok', 'failed', 'unavailable'].includes(part.status as string))
          return 'a snapshot part status is ok, failed or unavailable';
      }
      return undefined;
    }
    case 'runbook-attached':
      if (!isString(e.runbook)) return 'runbook-attached needs a runbook name';
      if (e.title !== undefined && !isString(e.title)) return 'title must be a string';
      if (e.reasons !== undefined && !isStringArray(e.reasons)) return 'reasons must be a list of strings';
      return undefined;
    case 'runbook-step':
      if (!isString(e.runbook) || typeof e.step !== 'number' || !isString(e.summary))
        return 'runbook-step needs runbook, step and summary';
      if (e.title !== undefined && !isString(e.title)) return 'title must be a string';
      if (!['run', 'skip', 'note', 'refuse'].includes(e.action as string)) return 'runbook-step action is run, skip, note or refuse';
      if (e.ok !== undefined && typeof e.ok !== 'boolean') return 'runbook-step ok must be a boolean';
      return undefined;
    case 'escalated':
      if (!isSeverity(e.severity)) return `severity must be one of ${SEVERITIES.join(', ')}`;
      return isString(e.reason) ? undefined : 'escalated needs a reason';
    case 'handoff':
      return isString(e.to) && e.to.trim() !== '' && isString(e.summary) ? undefined : 'handoff needs who to (to) and a summary';
    case 'notified': {
      if (!isString(e.source) || !isString(e.channel)) return 'notified needs source and channel';
      if (typeof e.ok !== 'boolean' || typeof e.attempt !== 'number') return 'notified needs ok and attempt';
      if (e.error !== undefined && !isString(e.error)) return 'error must be a string';
      if (e.retryAt !== undefined && !isTime(e.retryAt)) return 'retryAt must be an RFC3339 time';
      const t = e.thread as Record<string, unknown> | undefined;
      if (t !== undefined && (typeof t !== 'object' || t === null || !isString(t.channel) || !isString(t.ts))) return 'thread needs channel and ts';
      return undefined;
    }
    default:
      return `unknown event type ${JSON.stringify(e.type)}`;
  }
}

/** What the store adds besides the time and the author. */
export interface Stamp {
  id?: string;
  origin?: string;
  notify?: string[];
}

/** A line as it appears on disk: type first so the file reads well. */
export function stampEvent(body: EventBody, at: number, author: string, stamp: Stamp = {}): IncidentEvent {
  const { type, ...rest } = body;
  const { id, origin, notify } = stamp;
  return {
    type,
    at: new Date(at).toISOString(),
    author,
    ...(id ? { id } : {}),
    ...(origin ? { origin } : {}),
    ...(notify?.length ? { notify } : {}),
    ...rest,
  } as IncidentEvent;
}

const clean = (s: string, maxLength = 500) => sanitize(s, { maxLength });

/** One line of text for the timeline. Text from the log is sanitised here. */
export function describeEvent(e: IncidentEvent): string {
  switch (e.type) {
    case 'opened': {
      const services = e.services.length ? ` on ${e.services.map((s) => clean(s, 100)).join(', ')}` : '';
      const group = e.fromGroup ? ` from alert group ${clean(e.fromGroup, 100)}` : '';
      return `Opened ${e.severity} "${clean(e.title)}"${services}${group}`;
    }
    case 'acknowledged':
      return 'Acknowledged';
    case 'note':
      return `Note: ${clean(e.text, 2000)}`;
    case 'status':
      return `Status: ${e.status}`;
    case 'assigned':
      return `Assigned to ${clean(e.assignee, 100)}`;
    case 'updated': {
      const changes: string[] = [];
      if (e.title !== undefined) changes.push(`title "${clean(e.title)}"`);
      if (e.severity !== undefined) changes.push(`severity ${e.severity}`);
      if (e.services !== undefined) changes.push(`services ${e.services.map((s) => clean(s, 100)).join(', ') || '(none)'}`);
      return `Updated ${changes.join(', ') || '(nothing)'}`;
    }
    case 'snapshot': {
      const parts = e.snapshot.parts.map((p) => `${clean(p.name, 50)} ${p.status}`).join(', ');
      return `Evidence snapshot${e.snapshot.reason ? ` (${clean(e.snapshot.reason, 50)})` : ''}: ${parts || 'no parts'}`;
    }
    case 'runbook-attached':
      return `Runbook ${clean(e.runbook, 100)} attached${e.reasons?.length ? ` (${e.reasons.map((r) => clean(r, 200)).join('; ')})` : ''}`;
    case 'runbook-step': {
      const verdict = e.ok === undefined ? '' : e.ok ? ' [ok]' : ' [failed]';
      const title = e.title ? ` (${clean(e.title, 200)})` : '';
      const verb = { run: 'Ran', skip: 'Skipped', note: 'Note on', refuse: 'Refused' }[e.action];
      // A skip records "skipped" when no reason was given: saying it twice tells nothing.
      const summary = e.summary.trim() === '' || e.summary.trim().toLowerCase() === verb.toLowerCase() ? '' : `: ${clean(e.summary, 1000)}`;
      return `${verb} runbook ${clean(e.runbook, 100)} step ${e.step}${title}${verdict}${summary}`;
    }
    case 'escalated':
      return `Escalated to ${e.severity}: ${clean(e.reason, 300)}`;
    case 'handoff':
      return `Handed off to ${clean(e.to, 100)}`;
    case 'notified':
      return `Notification ${e.ok ? 'sent' : 'failed'} on ${clean(e.channel, 100)}${e.ok ? '' : ` (attempt ${e.attempt}): ${clean(e.error ?? 'unknown error', 300)}`}`;
  }
}
