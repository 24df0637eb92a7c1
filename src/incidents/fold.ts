import { describeEvent } from './events.js';
import type { IncidentEvent, IncidentState, StoreWarning } from './types.js';

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
    timeline: [],
    lastEventAt: firstAt,
    eventCount: 0,
  };
  let opened = false;
  for (const e of events) {
    const at = Date.parse(e.at);
    state.eventCount++;
    state.lastEventAt = Math.max(state.lastEventAt, at);
    state.timeline.push({ at, author: e.author, type: e.type, text: describeEvent(e) });
    switch (e.type) {
      case 'opened':
        // A second "opened" (which obs never writes) must not rewrite history.
        if (opened) break;
        opened = true;
        state.title = e.title;
        state.severity = e.severity;
        state.services = [...e.services];
        if (e.fromGroup) state.fromGroup = e.fromGroup;
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
      case 'runbook-step': {
        const { type: _type, at: _at, ...step } = e;
        state.steps.push({ ...step, at });
        break;
      }
    }
  }
  if (!opened) {
    warnings.push({
      file,
      line: 0,
      kind: 'missing-open',
      message: `${file}: no readable "opened" event; title and severity are unknown`,
    });
  }
  return { state, warnings };
}
