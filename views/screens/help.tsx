import { Box, Text } from 'ink';
import { colorOf, useTheme } from '../theme.js';

/** Each description fits beside the commands in 80 columns (27 cells). */
export const KEYS: [string, string][] = [
  ['j / k, ↓ / ↑', 'move the selection'],
  ['PgDn / PgUp', 'move ten rows'],
  ['enter', 'open the row; fold a span'],
  ['tab', 'next panel or variable'],
  ['esc', 'back, or close bar/filter'],
  ['/', 'filter (regex, !re inverts)'],
  [':', 'command bar (tab completes)'],
  ['+ / -', 'chart range, 15m to 7d'],
  ['a', 'span attributes and events'],
  ['v / V', 'board: next/previous value'],
  ['r', 'refresh now'],
  ['p', 'pause or resume refreshing'],
  ['?', 'this help'],
  ['q, ctrl-c', 'quit'],
];

export const BAR_HELP: [string, string][] = [
  [':svc NAME', 'a service'],
  [':alerts', 'every firing alert'],
  [':slo', 'every SLO'],
  [':logs LOGQL', 'LogQL query results'],
  [':trace ID', 'a trace waterfall'],
  [':ctx NAME', 'switch context'],
  [':board NAME', 'a board'],
  [':top', 'back to the overview'],
];

export function Help(props: { width: number; height: number }) {
  const theme = useTheme();
  const keyName = (k: string) => (theme.unicode ? k : k.replace('↓', 'down').replace('↑', 'up'));
  const commandsWidth = 34;
  return (
    <Box borderStyle={theme.border} borderColor={colorOf(theme, 'cyan')} width={props.width} height={props.height} paddingX={1} overflow="hidden">
      <Box flexDirection="column" flexGrow={1} flexShrink={1}>
        <Text bold>Keys (esc closes)</Text>
        {KEYS.map(([k, what]) => (
          <Text key={k} wrap="truncate-end">
            <Text color={colorOf(theme, 'cyan')}>{keyName(k).padEnd(14)}</Text>
            {what}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" width={commandsWidth} flexShrink={0} marginLeft={1}>
        <Text bold>Commands (after :)</Text>
        {BAR_HELP.map(([k, what]) => (
          <Text key={k} wrap="truncate-end">
            <Text color={colorOf(theme, 'cyan')}>{k.padEnd(13)}</Text>
            {what}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
