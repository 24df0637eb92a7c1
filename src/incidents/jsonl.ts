import { eventProblem } from './events.js';
import type { IncidentEvent, StoreWarning } from './types.js';

/** One event as one line; JSON.stringify escapes every line break inside strings. */
export function encodeEvent(event: IncidentEvent): string {
  return JSON.stringify(event) + '\n';
}

/**
 * Read an event log. Lines that do not parse are skipped with a warning, never thrown:
 * an unterminated last line is a write cut short by a crash (or one still in progress), and an
 * unparseable line in the middle is such a torn write that a later append moved past.
 */
export function parseEventLog(text: string, file: string): { events: IncidentEvent[]; warnings: StoreWarning[] } {
  const events: IncidentEvent[] = [];
  const warnings: StoreWarning[] = [];
  const lines = text.split('\n');
  // After the final "\n" split leaves "", which is not a line.
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const line = i + 1;
    const unterminated = i === last;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      warnings.push({
        file,
        line,
        kind: unterminated ? 'torn' : 'corrupt',
        message: unterminated
          ? `skipped an incomplete last line (${raw.length} bytes): a write cut short by a crash, or one still in progress`
          : `skipped an unreadable line (${raw.length} bytes), most likely a write torn by a crash`,
      });
      continue;
    }
    const problem = eventProblem(value) ?? stampProblem(value as Record<string, unknown>);
    if (problem) {
      warnings.push({ file, line, kind: 'invalid', message: `skipped an invalid event: ${problem}` });
      continue;
    }
    events.push(value as IncidentEvent);
  }
  return { events, warnings };
}

/** A warning as one line for a person: where (file:line, or the file for the whole incident), then what. */
export function warningText(w: StoreWarning): string {
  return `${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.message}`;
}

function stampProblem(e: Record<string, unknown>): string | undefined {
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) return 'missing or bad timestamp';
  if (typeof e.author !== 'string') return 'missing author';
  if (e.id !== undefined && typeof e.id !== 'string') return 'id must be a string';
  if (e.origin !== undefined && typeof e.origin !== 'string') return 'origin must be a string';
  if (e.notify !== undefined && !(Array.isArray(e.notify) && e.notify.every((n) => typeof n === 'string'))) return 'notify must be a list of channel names';
  return undefined;
}
