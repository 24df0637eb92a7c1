import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { NumberedLine, RecentLines } from '../../src/logs/recent-lines.js';
import { streamName } from '../../src/output/log-lines.js';
import { sanitize } from '../../src/output/sanitize.js';
import { useSize } from '../hooks/use-size.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import { useKeyPath } from '../keys/router.js';
import { colorOf, type Theme, ThemeContext, useTheme } from '../theme.js';
import { step } from '../widgets/selection.js';
import { OpenEntry, type TailLifecycle, useOpenEntry, useTailLifecycle } from './tail-screen.js';
import { cellWidth, fitCells } from '../../src/output/cells.js';
import type { TailStatus } from './tail-patterns.js';

/**
 * `obs logs tail` on a terminal: the newest lines at the bottom, following as they arrive. j/k
 * select a line and stop following (new lines are counted, the selected one stays put); enter opens
 * the whole entry, wrapped, with its labels; G or esc follows again; q quits.
 */
export interface TailLinesProps extends TailLifecycle {
  lines: RecentLines;
  query: string;
  status: () => TailStatus;
}

export function TailLinesApp(props: TailLinesProps & { theme: Theme }) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <TailLinesView {...props} />
    </ThemeContext.Provider>
  );
}

export function TailLinesView(props: TailLinesProps) {
  const theme = useTheme();
  const { columns, rows } = useSize();
  const quit = useTailLifecycle(props);
  // The selected line's number; undefined while following the newest.
  const [selected, setSelected, selectedRef] = useSyncState<number | undefined>(undefined);
  const { open, setOpen, entryKeys, openKey } = useOpenEntry<NumberedLine>(quit);
  const top = useRef(0);

  useKeyPath((input, key) => {
    if (openKey(input, key)) return;
    const kept = props.lines.lines;
    const newest = kept.length - 1;
    const moved = step(input, key);
    if (input === 'q') quit();
    else if (input === 'G') setSelected(undefined);
    else if (key.escape) {
      if (selectedRef.current === undefined) quit();
      else setSelected(undefined);
    } else if (moved && newest >= 0) {
      // The first move from following lands on the newest line; k moves up from there.
      const from = selectedRef.current === undefined ? newest + (moved < 0 ? 1 : 0) : props.lines.indexOf(selectedRef.current);
      setSelected(kept[Math.max(0, Math.min(newest, from + moved))]!.seq);
    } else if (key.return && newest >= 0) {
      const line = kept[selectedRef.current === undefined ? newest : props.lines.indexOf(selectedRef.current)]!;
      setSelected(line.seq);
      setOpen(line);
    }
  });

  const status = props.status();
  // Below the title (and the error line, when any) and above the keys; one row is kept free for Ink.
  const bodyRows = rows - 3 - (status.error ? 1 : 0);
  if (open) {
    return <OpenEntry title={sanitize(props.query, { maxLength: 80 })} back="tail" entry={open} keys={entryKeys} columns={columns} rows={rows} />;
  }

  const kept = props.lines.lines;
  const following = selected === undefined;
  const at = following ? kept.length - 1 : props.lines.indexOf(selected);
  // Lines above and below the window are counted on a line of their own.
  const room = Math.max(1, kept.length > bodyRows || props.lines.total > kept.length ? bodyRows - 2 : bodyRows);
  if (following) top.current = kept.length - room;
  else if (at < top.current) top.current = at;
  else if (at >= top.current + room) top.current = at - room + 1;
  top.current = Math.max(0, Math.min(top.current, kept.length - room));
  const shown = kept.slice(top.current, top.current + room);
  const above = top.current + (props.lines.total - kept.length);
  const below = kept.length - top.current - shown.length;
  const streamWidth = Math.min(20, Math.max(0, ...shown.map((l) => cellWidth(streamName(l.labels)))));
  const stateColor = status.state === 'connected' ? 'green' : 'yellow';
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Text wrap="truncate-end">
        <Text bold>{sanitize(props.query, { maxLength: 80 })}</Text>
        {`  ${props.lines.total.toLocaleString('en-US')} lines · `}
        <Text color={colorOf(theme, stateColor)}>{status.state}</Text>
        {status.dropped > 0 ? <Text color={colorOf(theme, 'yellow')}>{` · ${status.dropped} dropped by Loki`}</Text> : null}
        {following ? <Text dimColor>{' · following'}</Text> : <Text color={colorOf(theme, 'yellow')}>{` · paused${below > 0 ? `, ${below} newer` : ''}`}</Text>}
      </Text>
      {status.error ? <Text wrap="truncate-end" color={colorOf(theme, 'yellow')}>{sanitize(status.error, { maxLength: 300 })}</Text> : null}
      {kept.length === 0 ? <Text dimColor>{status.error ? 'no lines yet: the tail is failing' : 'waiting for lines…'}</Text> : null}
      {above > 0 ? <Text dimColor>{`… ${above} earlier${kept.length < props.lines.total ? ` (the last ${kept.length} are kept)` : ' (k to scroll)'}`}</Text> : null}
      {shown.map((l) => {
        const isSelected = l.seq === selected;
        return (
          <Text key={l.seq} wrap="truncate-end" bold={isSelected} inverse={isSelected && !theme.color}>
            <Text color={colorOf(theme, 'cyan')}>{isSelected ? `${theme.selectedMark} ` : '  '}</Text>
            <Text dimColor>{`${new Date(l.time).toISOString().slice(11, 23)} ${fitCells(streamName(l.labels), streamWidth)} `}</Text>
            {sanitize(l.line, { maxLength: columns * 2 })}
          </Text>
        );
      })}
      {below > 0 ? <Text dimColor>{`… ${below} newer (G or esc follow)`}</Text> : null}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate-end">{following ? 'j/k select  enter open  q quit' : 'j/k select  enter open  G or esc follow  q quit'}</Text>
    </Box>
  );
}
