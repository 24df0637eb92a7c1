import { Box, Text } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import type { Live } from '../hooks/use-live.js';
import { colorOf, useTheme } from '../theme.js';
import { sanitize } from '../../src/output/sanitize.js';
import { ago } from '../../src/output/relative-time.js';

/**
 * The one rule for what a panel's data is worth: loading (nothing yet), fresh, stale (the last
 * good data, with its age, after a failed attempt or when older than two refresh intervals) or
 * failed (nothing to show, the backend's one-line reason).
 */
export type PanelState =
  | { kind: 'loading'; waitedMs: number }
  | { kind: 'fresh' }
  | { kind: 'stale'; ageMs?: number; reason?: string }
  | { kind: 'failed'; reason: string };

/** Past this, a first load that has not answered says how long it has waited. */
const SLOW_MS = 5_000;

export function panelState(live: Live<unknown> | undefined, now: number): PanelState {
  if (!live) return { kind: 'fresh' };
  const ageMs = live.updatedAt !== undefined ? Math.max(0, now - live.updatedAt) : undefined;
  if (live.data === undefined) {
    if (live.error !== undefined) return { kind: 'failed', reason: live.error };
    if (live.loading) return { kind: 'loading', waitedMs: live.startedAt !== undefined ? Math.max(0, now - live.startedAt) : 0 };
    return { kind: 'fresh' };
  }
  if (live.error !== undefined) return { kind: 'stale', ageMs, reason: live.error };
  if (live.intervalMs !== undefined && ageMs !== undefined && ageMs > 2 * live.intervalMs) return { kind: 'stale', ageMs, reason: live.loading ? 'no answer yet' : undefined };
  return { kind: 'fresh' };
}

const StateContext = createContext<PanelState>({ kind: 'fresh' });
/** The state of the panel a widget is drawn in. */
export const usePanelState = (): PanelState => useContext(StateContext);
/** True inside a panel whose data is stale or failed: widgets draw their text dimmed. */
export const useDim = (): boolean => {
  const kind = usePanelState().kind;
  return kind === 'stale' || kind === 'failed';
};

const seconds = (ms: number) => ago(0, ms).replace(' ago', '');

/** The words after a panel's title for its state; nothing when fresh. */
export function panelStatus(state: PanelState): { text: string; color?: 'yellow' | 'red' | 'gray' } {
  switch (state.kind) {
    case 'fresh':
      return { text: '' };
    case 'loading':
      return { text: state.waitedMs >= SLOW_MS ? `loading… no answer for ${seconds(state.waitedMs)}` : 'loading…', color: 'gray' };
    case 'stale':
      return { text: `stale ${state.ageMs !== undefined ? seconds(state.ageMs) : ''}${state.reason ? ` — ${sanitize(state.reason, { maxLength: 160 })}` : ''}`, color: 'yellow' };
    case 'failed':
      return { text: `error — ${sanitize(state.reason, { maxLength: 160 })}`, color: 'red' };
  }
}

/**
 * A bordered panel that shows its own state: loading, fresh, stale with age, or the backend's
 * one-line error. Stale or failed panels are dimmed; the last good data stays visible. The keys'
 * `hint` follows the title only while there is no state to show: an error is worth more than it.
 */
export function Panel(props: { title: string; hint?: string; live?: Live<unknown>; focused?: boolean; width?: number | string; height?: number; now?: number; children?: ReactNode; flexGrow?: number }) {
  const theme = useTheme();
  const state = panelState(props.live, props.now ?? Date.now());
  const status = panelStatus(state);
  const dim = state.kind === 'stale' || state.kind === 'failed';
  return (
    <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, props.focused ? 'cyan' : 'gray')} width={props.width} height={props.height} flexGrow={props.flexGrow} overflow="hidden">
      <Box height={1} overflow="hidden">
        {/* The state gives way first (Yoga shrinks in proportion to flexShrink): the title and its count stay whole, and are cut only when they alone pass the width. */}
        <Box flexShrink={1}>
          <Text wrap="truncate-end" bold dimColor={dim} color={colorOf(theme, props.focused ? 'cyan' : undefined)}>
            {status.text || !props.hint ? props.title : `${props.title} (${props.hint})`}
          </Text>
        </Box>
        {status.text ? (
          <Box flexShrink={1_000_000}>
            <Text wrap="truncate-end" color={colorOf(theme, status.color)}> {status.text}</Text>
          </Box>
        ) : null}
      </Box>
      <Box flexDirection="column" overflow="hidden">
        <StateContext.Provider value={state}>{props.children}</StateContext.Provider>
      </Box>
    </Box>
  );
}

/**
 * What a list shows when it has no rows. "none firing" is a finding only when the query answered:
 * while loading it says so, and when the query failed (or the last answer is old) it is unknown.
 */
export function Empty(props: { text: string; color?: 'green' | 'yellow' }) {
  const theme = useTheme();
  const state = usePanelState();
  if (state.kind === 'loading') return <Text dimColor>{'  loading…'}</Text>;
  if (state.kind === 'failed') return <Text color={colorOf(theme, 'red')} wrap="wrap">{`  ? unknown — ${sanitize(state.reason, { maxLength: 300 })}`}</Text>;
  if (state.kind === 'stale') return <Text color={colorOf(theme, 'yellow')}>{`  ? unknown now (${props.text} ${state.ageMs !== undefined ? seconds(state.ageMs) + ' ago' : 'before'})`}</Text>;
  return <Text color={colorOf(theme, props.color)} dimColor={!props.color}>{'  ' + props.text}</Text>;
}
