import { Box, Text } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import type { Live } from '../hooks/use-live.js';
import { colorOf, useTheme } from '../theme.js';
import { sanitize } from '../../src/output/sanitize.js';
import { ago } from '../../src/output/relative-time.js';

const DimContext = createContext(false);
/** True inside a panel whose data is stale or failed: widgets draw their text dimmed. */
export const useDim = (): boolean => useContext(DimContext);

/**
 * A bordered panel that shows its own state: loading, fresh, stale with age, or the backend's
 * one-line error. Stale or failed panels are dimmed; the last good data stays visible.
 */
export function Panel(props: { title: string; live?: Live<unknown>; focused?: boolean; width?: number | string; height?: number; now?: number; children?: ReactNode; flexGrow?: number }) {
  const theme = useTheme();
  const { live } = props;
  const status = panelStatus(live, props.now ?? Date.now());
  const dim = live?.stale || (live?.error !== undefined && live.data === undefined);
  return (
    <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, props.focused ? 'cyan' : 'gray')} width={props.width} height={props.height} flexGrow={props.flexGrow} overflow="hidden">
      <Box height={1} overflow="hidden">
        <Text wrap="truncate-end" bold dimColor={Boolean(dim)} color={colorOf(theme, props.focused ? 'cyan' : undefined)}>{props.title}</Text>
        {status.text ? <Text wrap="truncate-end" color={colorOf(theme, status.color)}> {status.text}</Text> : null}
      </Box>
      <Box flexDirection="column" overflow="hidden">
        <DimContext.Provider value={Boolean(dim)}>{props.children}</DimContext.Provider>
      </Box>
    </Box>
  );
}

export function panelStatus(live: Live<unknown> | undefined, now: number): { text: string; color?: 'yellow' | 'red' | 'gray' } {
  if (!live) return { text: '' };
  if (live.error !== undefined) {
    const message = sanitize(live.error, { maxLength: 160 });
    return live.data !== undefined
      ? { text: `stale ${live.updatedAt ? ago(live.updatedAt, now).replace(' ago', '') : ''} — ${message}`, color: 'yellow' }
      : { text: `error — ${message}`, color: 'red' };
  }
  if (live.loading && live.data === undefined) return { text: 'loading…', color: 'gray' };
  return { text: '' };
}
