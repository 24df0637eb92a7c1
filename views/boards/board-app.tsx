import { Box, Text, useApp } from 'ink';
import { useRef, useState } from 'react';
import type { LiveBoard } from '../../src/boards/live.js';
import { sanitize } from '../../src/output/sanitize.js';
import { useSize } from '../hooks/use-size.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import { colorOf, ThemeContext, useTheme, type Theme } from '../theme.js';
import { MIN_COLUMNS, MIN_ROWS } from '../terminal.js';
import { BoardScreen } from './board-screen.js';
import { ScreenKeysContext, useKeyPath } from '../keys/router.js';
import type { KeyHandler } from '../keys/keys.js';

export interface BoardAppProps {
  load: () => Promise<LiveBoard>;
  asked?: Record<string, string[]>;
  theme: Theme;
  contextName: string;
  /** Overrides the board's refresh interval. */
  refreshMs?: number;
  now?: () => number;
}

/** `obs board show` on a terminal: one board full screen, with the keys of `obs top`. */
export function BoardApp(props: BoardAppProps) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <BoardShell {...props} />
    </ThemeContext.Provider>
  );
}

function BoardShell(props: BoardAppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useSize();
  const now = props.now ?? Date.now;
  const [paused, setPaused] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [filtering, setFiltering, filteringRef] = useSyncState(false);
  const [filter, setFilter] = useState('');

  const screenKeys = useRef<KeyHandler | undefined>(undefined);
  useKeyPath((ch, key) => {
    if (filteringRef.current) {
      if (key.return || key.escape) setFiltering(false);
      if (key.escape) setFilter('');
      else if (key.backspace || key.delete) setFilter((f) => f.slice(0, -1));
      else if (ch && !key.ctrl && !key.meta && !key.return) setFilter((f) => f + ch);
      return;
    }
    if (screenKeys.current?.(ch, key)) return;
    if (ch === 'q') exit();
    else if (ch === 'r') setRefreshKey((k) => k + 1);
    else if (ch === 'p') setPaused((p) => !p);
    else if (ch === '/') setFiltering(true);
    else if (key.escape) setFilter('');
  });

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return <Text>{`obs board needs a terminal of at least ${MIN_COLUMNS}x${MIN_ROWS}; this one is ${size.columns}x${size.rows}. Make it larger, or press q to quit.`}</Text>;
  }
  // One row fewer than the terminal: Ink clears the whole screen when output fills it.
  const height = size.rows - 3;
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows - 1}>
      <Box>
        <Text bold>{`obs ${theme.unicode ? '·' : '-'} ${sanitize(props.contextName, { maxLength: 30 })} ${theme.unicode ? '·' : '-'} board`}</Text>
        <Box flexGrow={1} />
        <Text color={colorOf(theme, 'yellow')}>{paused ? 'PAUSED' : ''}</Text>
      </Box>
      {/* A body of fixed height keeps the footer on the last row whatever the board draws. */}
      <Box height={height} flexDirection="column">
        <ScreenKeysContext.Provider value={screenKeys}>
          <BoardScreen load={props.load} asked={props.asked} refreshMs={props.refreshMs} live={{ intervalMs: props.refreshMs ?? 30_000, paused, refreshKey, now }} width={size.columns} height={height} filter={filter} />
        </ScreenKeysContext.Provider>
      </Box>
      {filtering ? (
        <Text>{`/${filter}`}<Text inverse> </Text></Text>
      ) : (
        <Text dimColor wrap="truncate-end">{`j/k scroll  tab variable  v/V value  / filter${filter ? ` (${sanitize(filter, { maxLength: 30 })})` : ''}  r refresh  p pause  q quit`}</Text>
      )}
    </Box>
  );
}
