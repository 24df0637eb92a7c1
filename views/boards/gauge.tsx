import { Box, Text } from 'ink';
import type { PanelData } from '../../src/boards/panel-data.js';
import { cellWidth, fitCells } from '../../src/output/cells.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';

type GaugeData = Extract<PanelData, { kind: 'gauge' }>;

/** A bar `width` cells long, filled to `fraction`. */
export function barText(fraction: number, width: number, unicode: boolean): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return (unicode ? '█' : '#').repeat(filled) + (unicode ? '░' : '.').repeat(Math.max(0, width - filled));
}

/**
 * Each value against [min, max] as a bar in its threshold colour. One value with room for two
 * lines gets the value above a full-width bar; several get a line each: name, bar, value.
 */
export function GaugeBody(props: { data: GaugeData; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { items } = props.data;
  if (items.length === 0) return <Text dimColor>no data</Text>;
  if (items.length === 1 && props.height >= 2) {
    const [item] = items;
    return (
      <Box flexDirection="column">
        <Text bold color={colorOf(theme, item.color)} dimColor={dim} wrap="truncate-end">{item.text}</Text>
        <Text color={colorOf(theme, item.color ?? 'cyan')} dimColor={dim}>{barText(item.fraction, props.width, theme.unicode)}</Text>
      </Box>
    );
  }
  const valueWidth = Math.max(...items.map((i) => i.text.length));
  const nameWidth = Math.min(Math.max(...items.map((i) => cellWidth(i.name))), Math.floor(props.width / 3));
  const barWidth = Math.max(1, props.width - valueWidth - (nameWidth ? nameWidth + 1 : 0) - 1);
  const shown = items.slice(0, props.height - (items.length > props.height ? 1 : 0));
  return (
    <Box flexDirection="column">
      {shown.map((item, i) => (
        <Text key={i} wrap="truncate-end" dimColor={dim}>
          {nameWidth ? fitCells(item.name, nameWidth) + ' ' : ''}
          <Text color={colorOf(theme, item.color ?? 'cyan')}>{barText(item.fraction, barWidth, theme.unicode)}</Text>
          <Text bold color={colorOf(theme, item.color)}>{' ' + item.text.padStart(valueWidth)}</Text>
        </Text>
      ))}
      {shown.length < items.length ? <Text dimColor>{`… ${items.length - shown.length} more`}</Text> : null}
    </Box>
  );
}
