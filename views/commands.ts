import type { LogLine } from '../src/cockpit/types.js';
import { cellWidth, cutToCells } from '../src/output/cells.js';

/** What the `:` command bar can open, and what `enter` drills into. */
export type Screen =
  | { kind: 'overview' }
  | { kind: 'service'; service: string }
  | { kind: 'trace'; traceId: string }
  | { kind: 'alerts' }
  | { kind: 'slo' }
  | { kind: 'logs'; query: string }
  | { kind: 'patterns'; service: string; patternId: string }
  | { kind: 'board'; name: string }
  | { kind: 'entry'; entry: LogLine };

export type BarAction = { type: 'open'; screen: Screen } | { type: 'context'; name: string } | { type: 'board'; name: string } | { type: 'quit' } | { type: 'help' } | { type: 'error'; message: string };

export const BAR_COMMANDS = ['svc', 'alerts', 'slo', 'logs', 'trace', 'ctx', 'board', 'top', 'help', 'quit'] as const;

/** Parse what was typed after `:`. */
export function parseBar(input: string): BarAction {
  const text = input.trim();
  const [word = '', ...rest] = text.split(/\s+/);
  const arg = text.slice(word.length).trim();
  switch (word) {
    case 'svc':
    case 'service':
      return arg ? { type: 'open', screen: { kind: 'service', service: arg } } : { type: 'error', message: 'usage: :svc NAME' };
    case 'alerts':
      return { type: 'open', screen: { kind: 'alerts' } };
    case 'slo':
    case 'slos':
      return { type: 'open', screen: { kind: 'slo' } };
    case 'logs':
      return arg ? { type: 'open', screen: { kind: 'logs', query: arg } } : { type: 'error', message: 'usage: :logs {service="payments"} |= "error"' };
    case 'trace':
      return /^[0-9a-f]{16,32}$/i.test(rest[0] ?? '') ? { type: 'open', screen: { kind: 'trace', traceId: rest[0].toLowerCase() } } : { type: 'error', message: 'usage: :trace TRACE_ID (16 or 32 hex digits)' };
    case 'ctx':
    case 'context':
      return arg ? { type: 'context', name: arg } : { type: 'error', message: 'usage: :ctx NAME' };
    case 'board':
      return arg ? { type: 'board', name: arg } : { type: 'error', message: 'usage: :board NAME' };
    case 'top':
    case 'overview':
    case 'home':
      return { type: 'open', screen: { kind: 'overview' } };
    case 'help':
    case '?':
      return { type: 'help' };
    case 'q':
    case 'quit':
      return { type: 'quit' };
    default:
      return { type: 'error', message: `unknown command ":${word}" — try :svc, :alerts, :slo, :logs, :trace, :ctx, :board, :help` };
  }
}

/** Tab completion: the command word first, then its argument from `candidates[command]`. */
export function completeBar(input: string, candidates: Partial<Record<string, string[]>>): string {
  const parts = input.split(/\s+/);
  if (parts.length <= 1) {
    const match = commonPrefix(BAR_COMMANDS.filter((c) => c.startsWith(parts[0] ?? '')));
    return match && match.length >= (parts[0] ?? '').length ? match + (BAR_COMMANDS.includes(match as (typeof BAR_COMMANDS)[number]) ? ' ' : '') : input;
  }
  const [word, partial = ''] = [parts[0], parts.slice(1).join(' ')];
  const options = (candidates[word] ?? []).filter((c) => c.startsWith(partial));
  const match = commonPrefix(options);
  return match ? `${word} ${match}` : input;
}

function commonPrefix(items: readonly string[]): string {
  if (items.length === 0) return '';
  let prefix = items[0];
  for (const item of items) while (!item.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export function screenTitle(s: Screen): string {
  switch (s.kind) {
    case 'overview':
      return 'overview';
    case 'service':
      return `svc ${s.service}`;
    case 'trace':
      return `trace ${s.traceId.slice(0, 8)}`;
    case 'alerts':
      return 'alerts';
    case 'slo':
      return 'slo';
    case 'logs':
      return 'logs';
    case 'patterns':
      return `pattern ${s.patternId}`;
    case 'board':
      return `board ${s.name}`;
    case 'entry':
      return `log ${new Date(s.entry.time).toISOString().slice(11, 19)}`;
  }
}

/** How deep the trail of screens goes: older steps are dropped, the overview stays first. */
export const MAX_STACK = 8;

export function bounded(stack: Screen[]): Screen[] {
  return stack.length > MAX_STACK ? [stack[0], ...stack.slice(stack.length - MAX_STACK + 1)] : stack;
}

/** The trail of screens in `width` columns, cut from the left; an active filter always shows. */
export function breadcrumbs(titles: string[], filter: string, width: number, unicode = true): string {
  const separator = unicode ? ' › ' : ' > ';
  const ellipsis = unicode ? '…' : '...';
  const tail = filter ? `  /${filter}` : '';
  const room = width - cellWidth(tail);
  let trail = titles.join(separator);
  for (let from = 1; cellWidth(trail) > room && from < titles.length; from++) trail = [ellipsis, ...titles.slice(from)].join(separator);
  if (cellWidth(trail) > room) trail = cutToCells(trail, room, ellipsis);
  return trail + tail;
}
