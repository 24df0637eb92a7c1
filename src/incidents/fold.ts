import { describeEvent } from './events.js';
import type { IncidentEvent, IncidentState, NotificationRecord, StoreWarning } from './types.js';

/**
 * State is the fold of the events in file order. Timestamps are used for durations only, so a
 * writer with a skewed clock cannot reorder what happened.
 */
export function foldIncident(id: string, events: IncidentEvent[], file = `${id}.jsonl`): { state: IncidentState; warnings: StoreWarning[] } {
  const warnings: StoreWarning[] = [];
  const first = events[0];
  const firstAt = first ? Date.parse(first.at) : 0;
  const state: IncidentState = {
    id,
    title: '',
    severity: 'sev3',
    services: [],
    openedAt: firstAt,
    openedBy: first?.author ?? '',
    status: 'investigating',
    open: true,
    runbooks: [],
    notes: [],
    snapshots: [],
    steps: [],
    escalations: [],
    handoffs: [],
    notifications: [],
    timeline: [],
    lastEventAt: firstAt,
    eventCount: 0,
  };
  let opened = false;
  const notifications = new Map<string, NotificationRecord>();
  for (const e of events) {
    const at = Date.parse(e.at);
    state.eventCount++;
    state.lastEventAt = Math.max(state.lastEventAt, at);
    // Delivery attempts are bookkeeping, listed under notifications rather than in the story.
    if (e.type !== 'notified') state.timeline.push({ at, author: e.author, ...(e.origin ? { origin: e.origin } : {}), type: e.type, text: describeEvent(e) });
    if (e.id && e.notify)
      for (const channel of e.notify) {
        const key = `${e.id} ${channel}`;
        if (!notifications.has(key)) notifications.set(key, { source: e.id, sourceType: e.type, channel, status: 'pending', attempts: 0 });
      }
    switch (e.type) {
      case 'opened':
        // A second "opened" (which obs never writes) must not rewrite history.
        if (opened) break;
        opened = true;
        state.title = e.title;
        state.severity = e.severity;
        state.services = [...e.services];
        if (e.fromGroup) state.fromGroup = e.fromGroup;
        if (e.startedAt) state.startedAt = Date.parse(e.startedAt);
        state.openedAt = at;
        state.openedBy = e.author;
        break;
      case 'acknowledged':
        if (state.acknowledgedAt === undefined) {
          state.acknowledgedAt = at;
          state.acknowledgedBy = e.author;
        }
        break;
      case 'note':
        state.notes.push({ at, author: e.author, text: e.text });
        break;
      case 'status':
        state.status = e.status;
        state.open = e.status !== 'resolved';
        if (e.status === 'identified') state.identifiedAt ??= at;
        if (e.status === 'monitoring') state.mitigatedAt ??= at;
        if (e.status === 'resolved') state.resolvedAt = at;
        else delete state.resolvedAt;
        break;
      case 'assigned':
        state.assignee = e.assignee;
        break;
      case 'updated':
        if (e.title !== undefined) state.title = e.title;
        if (e.severity !== undefined) state.severity = e.severity;
        if (e.services !== undefined) state.services = [...e.services];
        break;
      case 'snapshot':
        state.snapshots.push({ ...e.snapshot, at, author: e.author });
        break;
      case 'runbook-attached':
        if (!state.runbooks.includes(e.runbook)) state.runbooks.push(e.runbook);
        break;
      case 'runbook-step':
        state.steps.push({
          at,
          author: e.author,
          runbook: e.runbook,
          step: e.step,
          ...(e.title !== undefined ? { title: e.title } : {}),
          action: e.action,
          summary: e.summary,
          ...(e.ok !== undefined ? { ok: e.ok } : {}),
        });
        break;
      case 'escalated':
        state.severity = e.severity;
        state.escalations.push({ at, author: e.author, severity: e.severity, reason: e.reason });
        break;
      case 'handoff':
        state.assignee = e.to;
        state.handoffs.push({ at, author: e.author, to: e.to, summary: e.summary });
        break;
      case 'notified': {
        const record = notifications.get(`${e.source} ${e.channel}`);
        // An attempt for an event this log does not plan (a damaged line) has nothing to update.
        if (!record || record.status === 'sent') break;
        record.attempts = Math.max(record.attempts, e.attempt);
        record.lastAttemptAt = at;
        record.status = e.ok ? 'sent' : 'failed';
        if (e.ok) {
          delete record.error;
          delete record.retryAt;
          if (e.page) state.pagedAt ??= at;
        } else {
          record.error = e.error;
          if (e.retryAt) record.retryAt = Date.parse(e.retryAt);
        }
        if (e.thread) record.thread = e.thread;
        break;
      }
    }
  }
  state.notifications = [...notifications.values()];
  if (!opened) {
    warnings.push({
      file,
      line: 0,
      kind: 'missing-open',
      message: 'no readable "opened" event; title and severity are unknown',
    });
  }
  return { state, warnings };
}
