import { Box, Text } from 'ink';
import type { PanelData } from '../../src/boards/panel-data.js';
import { cellWidth, fitCells } from '../../src/output/cells.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';

type TableData = Extract<PanelData, { kind: 'table' }>;

/**
 * Column widths in `width` cells, 0 for a column left out: label columns get up to 16 cells (at
 * least 4), value columns their widest text (up to 14); value columns that do not fit are left
 * out from the right, and label columns share what is left over.
 */
export function columnWidths(data: TableData, width: number): number[] {
  const natural = data.columns.map((c, i) => Math.max(cellWidth(c.name), ...data.rows.map((r) => cellWidth(r.cells[i].text))));
  const isLabel = data.columns.map((c) => c.align === 'left');
  const widths = natural.map((n, i) => (isLabel[i] ? Math.max(4, Math.min(n, 16)) : Math.min(n, 14)));
  const total = () => widths.reduce((sum, w, i) => sum + (w ? w + (i ? 1 : 0) : 0), 0);
  for (let i = widths.length - 1; i >= 0 && total() > width; i--) if (!isLabel[i] && widths.filter((w, j) => w && !isLabel[j]).length > 1) widths[i] = 0;
  const labels = widths.filter((w, i) => w && isLabel[i]).length;
  const spare = width - total();
  if (labels && spare !== 0) {
    widths.forEach((w, i) => {
      if (isLabel[i]) widths[i] = Math.max(4, Math.min(natural[i], w + Math.floor(spare / labels)));
    });
  }
  return widths;
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
      <Text bold dimColor={dim} wrap="truncate-end">{columns.flatMap((c, i) => (widths[i] ? [fitCells(c.name, widths[i], c.align)] : [])).join(' ')}</Text>
      {shown.map((row) => (
        <Text key={row.key} wrap="truncate-end" dimColor={dim}>
          {row.cells.map((cell, i) => (widths[i] ? <Text key={i} color={colorOf(theme, cell.color)}>{fitCells(cell.text, widths[i], cell.align) + ' '}</Text> : null))}
        </Text>
      ))}
      {shown.length < rows.length ? <Text dimColor>{`… ${rows.length - shown.length} more rows`}</Text> : null}
    </Box>
  );
}
