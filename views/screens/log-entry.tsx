import { Box, Text } from 'ink';
import { useState } from 'react';
import type { LogLine } from '../../src/cockpit/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import { cellWidth, cutToCells } from '../../src/output/cells.js';
import { useScreenKeys } from '../keys/router.js';
import { colorOf, useTheme } from '../theme.js';
import { step } from '../widgets/selection.js';
import { listWindow, moreLine } from '../widgets/window.js';

/** A log entry as a reader needs it: every line of it (stack traces too) wrapped to `width` cells. */
export function wrapEntry(text: string, width: number): string[] {
  const room = Math.max(10, width);
  return sanitize(text, { multiline: true, maxLength: 0 }).split('\n').flatMap((line) => wrapLine(line, room));
}

/** Break at the last space that fits; a word longer than the line is cut where it must be. */
function wrapLine(line: string, room: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (cellWidth(rest) > room) {
    const head = cutToCells(rest, room, '');
    const space = rest[head.length] === ' ' ? head.length : head.lastIndexOf(' ');
    // A single grapheme wider than the whole line still moves on.
    const at = space > 0 ? space : head.length || [...rest][0].length;
    out.push(rest.slice(0, at));
    rest = rest.slice(space > 0 ? at + 1 : at);
  }
  out.push(rest);
  return out;
}

/** The whole of one log entry: its time, its labels, and its text wrapped; j/k scroll. */
export function LogEntryScreen(props: { entry: LogLine; width: number; height: number }) {
  const theme = useTheme();
  const [scroll, setScroll] = useState(0);
  const labels = Object.entries(props.entry.labels).sort(([a], [b]) => a.localeCompare(b));
  const labelText = labels.map(([k, v]) => `${sanitize(k, { maxLength: 100 })}=${sanitize(v, { maxLength: 300 })}`).join('  ');
  const inner = props.width - 4;
  const head = [new Date(props.entry.time).toISOString(), ...wrapEntry(labelText || '(no labels)', inner)];
  const body = wrapEntry(props.entry.line, inner);
  const room = Math.max(1, props.height - 3 - head.length);
  const maxScroll = Math.max(0, body.length - room);
  useScreenKeys((input, key) => {
    const moved = step(input, key);
    if (!moved) return false;
    setScroll((s) => Math.max(0, Math.min(maxScroll, s + moved)));
    return true;
  });
  const first = Math.min(scroll, maxScroll);
  const { shown, hidden } = body.length - first > room ? listWindow(body.length - first, room) : { shown: body.length - first, hidden: 0 };
  return (
    <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, 'cyan')} height={props.height} overflow="hidden">
      <Text bold color={colorOf(theme, 'cyan')}>{head[0]}</Text>
      {head.slice(1).map((l, i) => <Text key={`l${i}`} dimColor>{l}</Text>)}
      {body.slice(first, first + shown).map((l, i) => <Text key={first + i}>{l || ' '}</Text>)}
      {hidden > 0 ? <Text dimColor>{moreLine(hidden, first > 0 ? `${first} above; j/k scroll` : 'j/k scroll')}</Text> : null}
    </Box>
  );
}
