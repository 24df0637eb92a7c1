import { Box, Text } from 'ink';
import { colorOf, useTheme } from '../theme.js';

export const KEYS: [string, string][] = [
  ['j / k, ↓ / ↑', 'move the selection'],
  ['PgDn / PgUp', 'move ten rows'],
  ['enter', 'open: service → drill-down, trace → waterfall, pattern → samples; fold a span'],
  ['tab', 'next panel'],
  ['esc', 'back along the breadcrumbs (or close the bar, filter, help)'],
  ['/', 'filter the list (regex; !regex keeps what does not match)'],
  [':', 'command bar (tab completes)'],
  ['+ / -', 'longer / shorter chart range (15m to 7d) on a service'],
  ['a', 'span attributes and events (trace screen)'],
  ['r', 'refresh now'],
  ['p', 'pause or resume refreshing'],
  ['?', 'this help'],
  ['q, ctrl-c', 'quit'],
];

export const BAR_HELP: [string, string][] = [
  [':svc NAME', 'a service'],
  [':alerts', 'every firing alert'],
  [':slo', 'every SLO'],
  [':logs LOGQL', 'log lines of a LogQL query'],
  [':trace ID', 'a trace waterfall'],
  [':ctx NAME', 'switch context'],
  [':board NAME', 'a board'],
  [':top', 'back to the overview'],
];

export function Help(props: { width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, 'cyan')} width={props.width} paddingX={1}>
      <Text bold>Keys (esc closes)</Text>
      {KEYS.map(([k, what]) => (
        <Text key={k} wrap="truncate-end">
          <Text color={colorOf(theme, 'cyan')}>{(theme.unicode ? k : k.replace('↓', 'down').replace('↑', 'up')).padEnd(16)}</Text>
          {what}
        </Text>
      ))}
      <Text bold>Commands</Text>
      {BAR_HELP.map(([k, what]) => (
        <Text key={k} wrap="truncate-end">
          <Text color={colorOf(theme, 'cyan')}>{k.padEnd(16)}</Text>
          {what}
        </Text>
      ))}
    </Box>
  );
}
