import { Box, Text } from 'ink';
import type { PanelData } from '../../src/boards/panel-data.js';
import { fit } from '../widgets/table.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';

type TableData = Extract<PanelData, { kind: 'table' }>;

/** Column widths in `width` cells: value columns as wide as their widest text, label columns share the rest. */
export function columnWidths(data: TableData, width: number): number[] {
  const natural = data.columns.map((c, i) => Math.max(c.name.length, ...data.rows.map((r) => r.cells[i].text.length)));
  const values = data.columns.map((c, i) => (c.align === 'right' ? Math.min(natural[i], 14) : 0));
  const labels = data.columns.filter((c) => c.align === 'left').length;
  const gaps = data.columns.length - 1;
  const left = width - gaps - values.reduce((a, b) => a + b, 0);
  const share = labels ? Math.max(4, Math.floor(left / labels)) : 0;
  return data.columns.map((c, i) => (c.align === 'right' ? values[i] : Math.min(share, Math.max(natural[i], 4))));
}

/** One row per label set: label columns, then one column per query, threshold-coloured. */
export function TableBody(props: { data: TableData; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { columns, rows } = props.data;
  if (rows.length === 0) return <Text dimColor>no data</Text>;
  const widths = columnWidths(props.data, props.width);
  const room = Math.max(0, props.height - 1);
  const shown = rows.slice(0, rows.length > room ? Math.max(0, room - 1) : room);
  return (
    <Box flexDirection="column">
      <Text bold dimColor={dim} wrap="truncate-end">{columns.map((c, i) => fit(c.name, widths[i], c.align)).join(' ')}</Text>
      {shown.map((row) => (
        <Text key={row.key} wrap="truncate-end" dimColor={dim}>
          {row.cells.map((cell, i) => (
            <Text key={i} color={colorOf(theme, cell.color)}>{fit(cell.text, widths[i], cell.align) + (i < row.cells.length - 1 ? ' ' : '')}</Text>
          ))}
        </Text>
      ))}
      {shown.length < rows.length ? <Text dimColor>{`… ${rows.length - shown.length} more rows`}</Text> : null}
    </Box>
  );
}
