import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { boardPanels, type ResolvedVariable, type VariableError } from '../../src/boards/index.js';
import type { BoardSnapshot, LiveBoard } from '../../src/boards/live.js';
import { sanitize } from '../../src/output/sanitize.js';
import { useLive } from '../hooks/use-live.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import { colorOf, useTheme } from '../theme.js';
import type { LiveOptions } from '../screens/overview.js';
import { BoardView } from './board-view.js';
import { useScreenKeys } from '../keys/router.js';
import { step } from '../widgets/selection.js';
import { foldPanelStates, type PanelLives } from './panel-state.js';
import { cycleVariable } from './variables.js';

/** A refresh interval that never comes: `refresh: off` boards refresh on `r` only. */
const MANUAL_ONLY_MS = 2 ** 31 - 1;

export interface BoardScreenProps {
  /** Loads the board and binds it to the context's backends. */
  load: () => Promise<LiveBoard>;
  /** Variable values asked for up front (`--var`); the UI changes them with `v`. */
  asked?: Record<string, string[]>;
  live: LiveOptions;
  /** Overrides the board's own refresh interval. */
  refreshMs?: number;
  width: number;
  height: number;
  filter: string;
}

/**
 * A live board: loads it, resolves its variables, refreshes it on the board's interval, and
 * keeps each panel's own loading, stale and error state. Keys: j/k (and arrows, PgUp/PgDn)
 * scroll, tab picks a variable, v/V step its value.
 */
export function BoardScreen(props: BoardScreenProps) {
  const theme = useTheme();
  const [board, setBoard] = useState<{ live?: LiveBoard; error?: string }>({});
  const [asked, setAsked] = useState<Record<string, string[]>>(props.asked ?? {});
  const [resolved, setResolved] = useState<{ variables: Record<string, ResolvedVariable>; errors: VariableError[] }>();
  const [selected, setSelected, selectedRef] = useSyncState(0);
  const [scroll, setScroll] = useState(0);
  const maxScroll = useRef(0);

  useEffect(() => {
    let cancelled = false;
    props.load().then(
      (live) => !cancelled && setBoard({ live }),
      (e: Error) => !cancelled && setBoard({ error: e.message }),
    );
    return () => {
      cancelled = true;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!board.live) return;
    let cancelled = false;
    board.live.resolve(asked).then(
      (r) => !cancelled && setResolved(r),
      (e: Error) => !cancelled && setBoard((b) => ({ ...b, error: e.message })),
    );
    return () => {
      cancelled = true;
    };
  }, [board.live, asked]);

  const definition = board.live?.board;
  const interval = props.refreshMs ?? (definition && definition.time.refresh > 0 ? definition.time.refresh : MANUAL_ONLY_MS);
  // Panels draw as their requests come back; a refresh for other variables must not draw into this one.
  const [partial, setPartial] = useState<{ for?: object; snapshot?: BoardSnapshot }>({});
  const loader = board.live && resolved ? () => board.live!.refresh(resolved.variables, (snapshot) => setPartial({ for: resolved, snapshot })) : undefined;
  const whole = useLive(loader, interval, { paused: props.live.paused, refreshKey: props.live.refreshKey, now: props.live.now, deps: [resolved] });
  const newest = partial.for === resolved && partial.snapshot && (!whole.data || partial.snapshot.at > whole.data.at) ? { ...whole, data: partial.snapshot } : whole;
  const panelIds = useMemo(() => (definition ? boardPanels(definition).map((p) => p.id) : []), [definition]);
  const folded = useRef<PanelLives>({});
  const panels = useMemo(() => (folded.current = foldPanelStates(folded.current, newest, panelIds)), [newest.data, newest.error, newest.stale, panelIds]); // eslint-disable-line react-hooks/exhaustive-deps

  const shownVariables = (definition?.variables ?? []).filter((v) => !v.hidden && resolved?.variables[v.name]);
  useScreenKeys((input, key) => {
    if (!definition || !resolved) return false;
    const moved = key.pageDown ? 5 : key.pageUp ? -5 : step(input, key);
    if (moved) setScroll((s) => Math.max(0, Math.min(maxScroll.current, s + moved)));
    else if (key.tab && shownVariables.length > 0) setSelected((i) => (i + 1) % shownVariables.length);
    else if ((input === 'v' || input === 'V') && shownVariables[selectedRef.current]) {
      const variable = shownVariables[selectedRef.current];
      const next = cycleVariable(variable, resolved.variables[variable.name], input === 'v' ? 1 : -1);
      if (next) setAsked((a) => ({ ...a, [variable.name]: next }));
    } else return false;
    return true;
  });

  if (board.error !== undefined) {
    return <Text color={colorOf(theme, 'red')} wrap="wrap">{`board: ${sanitize(board.error, { multiline: true, maxLength: 2000 })}`}</Text>;
  }
  if (!definition || !resolved) return <Text dimColor>loading the board…</Text>;
  const problems = resolved.errors.map((e) => sanitize(e.message, { maxLength: 200 })).join('; ');
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      {problems ? <Text color={colorOf(theme, 'yellow')} wrap="truncate-end">{problems}</Text> : null}
      <BoardView
        board={definition}
        variables={shownVariables.map((v) => resolved.variables[v.name])}
        selectedVariable={shownVariables.length > 1 ? selected : shownVariables.length === 1 ? 0 : -1}
        panels={panels}
        width={props.width}
        height={props.height - (problems ? 1 : 0)}
        scroll={scroll}
        filter={props.filter}
        now={props.live.now()}
        status={whole.updatedAt ? `updated ${new Date(whole.updatedAt).toISOString().slice(11, 19)} UTC` : ''}
        onMaxScroll={(n) => (maxScroll.current = n)}
      />
    </Box>
  );
}
