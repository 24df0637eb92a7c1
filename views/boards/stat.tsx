import { Box, Text } from 'ink';
import type { PanelData } from '../../src/boards/panel-data.js';
import { sparkline } from '../../src/output/sparkline.js';
import { fitCells } from '../../src/output/cells.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';

type StatData = Extract<PanelData, { kind: 'stat' }>;

/**
 * One value per series in its threshold colour with a sparkline of the range: a single series
 * gets the value on one line and the sparkline under it (beside it when there is one line).
 */
export function StatBody(props: { data: StatData; sparkline: boolean; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { items } = props.data;
  const spark = (values: number[], width: number) => (props.sparkline && width > 0 ? sparkline(values, width, { ascii: !theme.unicode }) : '');
  if (items.length === 0) return <Text dimColor>no data</Text>;
  if (items.length === 1) {
    const [item] = items;
    const sparkWidth = props.height >= 2 ? props.width : props.width - item.text.length - 1;
    return (
      <Box flexDirection={props.height >= 2 ? 'column' : 'row'}>
        <Text bold color={colorOf(theme, item.color)} dimColor={dim} wrap="truncate-end">{item.text}</Text>
        {props.sparkline ? <Text color={colorOf(theme, item.color ?? 'cyan')} dimColor={dim}>{(props.height >= 2 ? '' : ' ') + spark(item.trend, sparkWidth)}</Text> : null}
      </Box>
    );
  }
  const valueWidth = Math.max(...items.map((i) => i.text.length));
  const sparkWidth = props.sparkline ? Math.min(20, Math.floor(props.width / 3)) : 0;
  const nameWidth = Math.max(1, props.width - valueWidth - sparkWidth - 2);
  const shown = items.slice(0, props.height - (items.length > props.height ? 1 : 0));
  return (
    <Box flexDirection="column">
      {shown.map((item, i) => (
        <Text key={i} wrap="truncate-end" dimColor={dim}>
          {fitCells(item.name, nameWidth)}{' '}
          <Text bold color={colorOf(theme, item.color)}>{item.text.padStart(valueWidth)}</Text>
          {sparkWidth ? ' ' + spark(item.trend, sparkWidth) : ''}
        </Text>
      ))}
      {shown.length < items.length ? <Text dimColor>{`… ${items.length - shown.length} more`}</Text> : null}
    </Box>
  );
}
