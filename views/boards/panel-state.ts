import type { BoardSnapshot } from '../../src/boards/live.js';
import type { PanelData } from '../../src/boards/panel-data.js';
import type { Live } from '../hooks/use-live.js';

export type PanelLives = Record<string, Live<PanelData>>;

/**
 * Each panel's own state after a refresh, or part of one: fresh data, its own error (keeping its
 * last data, marked stale, when it had some), or, while its requests run, what it showed before
 * (loading when nothing). A refresh that failed as a whole marks every panel stale.
 */
export function foldPanelStates(previous: PanelLives, whole: Live<BoardSnapshot>, panelIds: readonly string[]): PanelLives {
  const out: PanelLives = {};
  for (const id of panelIds) {
    const before = previous[id];
    const state = whole.data?.panels[id];
    let next: Live<PanelData>;
    if (!whole.data) next = whole.error !== undefined ? { loading: false, stale: false, error: whole.error } : { loading: true, stale: false };
    else if (!state) next = whole.data.complete ? { loading: false, stale: false } : before ?? { loading: true, stale: false };
    else if ('data' in state) next = { data: state.data, loading: false, stale: false, updatedAt: whole.data.at };
    else if (before?.data !== undefined) next = { data: before.data, updatedAt: before.updatedAt, error: state.error, loading: false, stale: true };
    else next = { error: state.error, loading: false, stale: false };
    if (whole.stale && whole.error !== undefined && next.data !== undefined) next = { ...next, error: whole.error, stale: true };
    out[id] = next;
  }
  return out;
}
