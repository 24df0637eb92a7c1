import { Box, Text } from 'ink';
import type { TailPatternRow, TailPatterns } from '../../src/logs/tail-model.js';
import { ago } from '../../src/output/relative-time.js';
import { sanitize } from '../../src/output/sanitize.js';
import { useSize } from '../hooks/use-size.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import { useKeyPath } from '../keys/router.js';
import { step } from '../widgets/selection.js';
import { OpenEntry, type TailLifecycle, useOpenEntry, useTailLifecycle } from './tail-screen.js';
import { colorOf, type Theme, ThemeContext, useTheme } from '../theme.js';
import { fitCells } from '../../src/output/cells.js';
import { listWindow, moreLine } from '../widgets/window.js';

export interface TailStatus {
  /** connected, reconnecting, polling, or the last error. */
  state: string;
  dropped: number;
  error?: string;
}

/**
 * `obs logs tail --patterns`: the patterns of the lines arriving, redrawn a few times a second;
 * a pattern that appears after the start is marked NEW (and coloured) for a while, on top.
 * j/k select a pattern (the selection follows it as the order changes), enter opens its first line
 * whole, with its labels; esc goes back (or quits), `q` quits, and so does aborting `signal`.
 */
export interface TailPatternsProps extends TailLifecycle {
  model: TailPatterns;
  query: string;
  status: () => TailStatus;
  now: () => number;
}

export function TailPatternsApp(props: TailPatternsProps & { theme: Theme }) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <TailPatternsView {...props} />
    </ThemeContext.Provider>
  );
}

export function TailPatternsView(props: TailPatternsProps) {
  const theme = useTheme();
  const { columns, rows } = useSize();
  const quit = useTailLifecycle(props);
  // The selected pattern's id, and the pattern whose first line is open.
  const [selected, setSelected, selectedRef] = useSyncState<string | undefined>(undefined);
  const { open, setOpen, entryKeys, openKey } = useOpenEntry<TailPatternRow>(quit);
  useKeyPath((input, key) => {
    if (openKey(input, key)) return;
    const list = props.model.rows(props.now());
    const at = list.findIndex((r) => r.id === selectedRef.current);
    const moved = step(input, key);
    if (input === 'q' || (key.escape && at < 0)) quit();
    else if (key.escape) setSelected(undefined);
    else if (moved && list.length > 0) setSelected(list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + moved))]!.id);
    else if (key.return && at >= 0) setOpen(list[at]);
  });

  if (open) {
    return <OpenEntry title={sanitize(open.template, { maxLength: Math.max(10, columns - 40) })} back="patterns" entry={open.first} keys={entryKeys} columns={columns} rows={rows} />;
  }

  const now = props.now();
  const status = props.status();
  const list = props.model.rows(now);
  const fresh = list.filter((r) => r.newSince !== undefined).length;
  // Below the title, the error line (when any) and the header; one row is kept free for Ink.
  const window = listWindow(list.length, rows - 3 - (status.error ? 1 : 0), list.findIndex((r) => r.id === selected));
  const templateWidth = Math.max(10, columns - 26);
  const stateColor = status.state === 'connected' ? 'green' : 'yellow';
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end">
        <Text bold>{sanitize(props.query, { maxLength: 80 })}</Text>
        {`  ${props.model.lines.toLocaleString('en-US')} lines · ${list.length} patterns`}
        {fresh > 0 ? <Text color={colorOf(theme, 'red')} bold>{` · ${fresh} new`}</Text> : null}
        {' · '}
        <Text color={colorOf(theme, stateColor)}>{status.state}</Text>
        {status.dropped > 0 ? <Text color={colorOf(theme, 'yellow')}>{` · ${status.dropped} dropped by Loki`}</Text> : null}
        <Text dimColor>{selected === undefined ? '  (j/k select, q quit)' : '  (enter first line, esc unselect, q quit)'}</Text>
      </Text>
      {status.error ? <Text wrap="truncate-end" color={colorOf(theme, 'yellow')}>{sanitize(status.error, { maxLength: 300 })}</Text> : null}
      <Text bold wrap="truncate-end">{`${fitCells('', 4)} ${fitCells('COUNT', 7, 'right')} ${fitCells('/MIN', 5, 'right')} ${fitCells('LAST', 7)} PATTERN`}</Text>
      {list.length === 0 ? <Text dimColor>{status.error ? 'no lines yet: the tail is failing' : 'waiting for lines…'}</Text> : null}
      {list.slice(window.first, window.first + window.shown).map((r) => {
        const isNew = r.newSince !== undefined;
        const isSelected = r.id === selected;
        return (
          <Text key={r.id} wrap="truncate-end" bold={isNew || isSelected} inverse={(isNew || isSelected) && !theme.color}>
            <Text color={colorOf(theme, isNew ? 'red' : 'cyan')}>{fitCells(`${isSelected ? theme.selectedMark : ''}${isNew ? 'NEW' : ''}`, 4)}</Text>
            {` ${fitCells(String(r.count), 7, 'right')} ${fitCells(String(r.lastMinute), 5, 'right')} ${fitCells(ago(r.lastSeen, now).replace(' ago', ''), 7)} `}
            <Text color={colorOf(theme, r.level === 'error' || r.level === 'fatal' ? 'red' : r.level === 'warn' ? 'yellow' : undefined)}>{sanitize(r.template, { maxLength: templateWidth })}</Text>
          </Text>
        );
      })}
      {window.hidden > 0 ? <Text dimColor>{moreLine(window.hidden)}</Text> : null}
    </Box>
  );
}
