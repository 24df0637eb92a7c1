import { Box, Text } from 'ink';
import { colorOf, useTheme, type Color } from '../theme.js';
import { Empty, useDim } from './panel.js';
import { listWindow, moreLine } from './window.js';
import { distinctKeys } from './selection.js';
import { fitCells } from '../../src/output/cells.js';

export interface TableColumn<T> {
  header: string;
  width: number;
  align?: 'left' | 'right';
  cell: (row: T) => string;
  color?: (row: T) => Color | undefined;
}

/**
 * A fixed-width table with a selected row; cells are padded or cut to their column in terminal
 * cells (two per CJK character or emoji), never wrapped. At most `maxRows` lines below the
 * header: every row is shown or counted in "… N more", and the list scrolls to keep the selected
 * row in view.
 */
export function Table<T>(props: { columns: TableColumn<T>[]; rows: T[]; selected?: number; maxRows?: number; rowKey: (row: T) => string; empty?: string; emptyColor?: 'green' | 'yellow' }) {
  const theme = useTheme();
  const dim = useDim();
  const selected = props.selected ?? -1;
  const { first, shown, hidden } = listWindow(props.rows.length, props.maxRows ?? props.rows.length, selected);
  const visible = props.rows.slice(first, first + shown);
  const keys = distinctKeys(props.rows.map(props.rowKey));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end" dimColor={dim}>{'  ' + props.columns.map((c) => fitCells(c.header, c.width, c.align)).join(' ')}</Text>
      {props.rows.length === 0 ? <Empty text={props.empty ?? 'nothing to show'} color={props.emptyColor} /> : null}
      {visible.map((row, i) => {
        const isSelected = first + i === selected;
        return (
          <Box key={keys[first + i]}>
            <Text color={colorOf(theme, 'cyan')}>{isSelected ? theme.selectedMark + ' ' : '  '}</Text>
            {props.columns.map((c, ci) => (
              <Text key={c.header} inverse={isSelected && theme.color === false && ci === 0} bold={isSelected} dimColor={dim} color={colorOf(theme, c.color?.(row))}>
                {fitCells(c.cell(row), c.width, c.align) + (ci < props.columns.length - 1 ? ' ' : '')}
              </Text>
            ))}
          </Box>
        );
      })}
      {hidden > 0 ? <Text wrap="truncate-end" dimColor>{'  ' + moreLine(hidden)}</Text> : null}
    </Box>
  );
}
