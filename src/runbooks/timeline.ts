import type { EventBody } from '../incidents/types.js';
import type { RunbookCandidate } from './match.js';
import type { StepResult } from './run.js';
import type { Runbook, RunbookStep } from './types.js';

/**
 * Incident timeline events for what happens in a runbook; append them with IncidentStore.append.
 * `ok` is recorded only when something was checked or failed.
 */

export function runbookAttachedEvent(candidate: RunbookCandidate): EventBody {
  return { type: 'runbook-attached', runbook: candidate.runbook.name, title: candidate.runbook.title, reasons: candidate.reasons };
}

export function stepRunEvent(runbook: Runbook, result: StepResult): EventBody {
  // Nothing ran because obs would not run it (read-only context, dangerous): that is a refusal, not a run.
  const refused = result.outcome === 'not-run' && result.blocks.some((b) => b.reason === 'read-only' || b.reason === 'dangerous');
  const event: EventBody = { type: 'runbook-step', runbook: runbook.name, step: result.step, title: result.title, action: refused ? 'refuse' : 'run', summary: result.summary };
  if (result.outcome === 'passed' || result.outcome === 'failed') event.ok = result.ok;
  return event;
}

export function stepSkipEvent(runbook: Runbook, step: RunbookStep, reason = 'skipped'): EventBody {
  return { type: 'runbook-step', runbook: runbook.name, step: step.index, title: step.title, action: 'skip', summary: reason };
}

export function stepNoteEvent(runbook: Runbook, step: RunbookStep, text: string): EventBody {
  return { type: 'runbook-step', runbook: runbook.name, step: step.index, title: step.title, action: 'note', summary: text };
}
