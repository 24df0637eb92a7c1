/**
 * Where a board's panels go on the screen: rows laid out on the 24-column grid (layoutRow), each
 * line of panels as tall as its tallest panel wants, shrunk towards the panels' minimum when the
 * screen is short, and scrolled line by line when even that does not fit.
 */
import { layoutRow, type Board, type Panel, type PlacedPanel } from '../../src/boards/index.js';
import type { PanelData } from '../../src/boards/panel-data.js';

/** Narrower than this, a panel goes to the next line: 3 panels side by side at 80 columns, 7 at 200. */
export const MIN_PANEL_WIDTH = 26;

/** A panel's border (2 lines) and title line around its content. */
export const PANEL_CHROME = 3;

/** Content lines a panel needs at least, and would like. */
export interface ContentSize {
  min: number;
  pref: number;
}

/** How many content lines a panel wants, given what it has to show. */
export function contentSize(panel: Panel, data: PanelData | undefined): ContentSize {
  const count = (n: number, min: number, pref: number) => ({ min: Math.max(1, Math.min(n, min)), pref: Math.max(1, Math.min(n, pref)) });
  if (!data) return { min: 1, pref: 1 };
  switch (data.kind) {
    case 'stat':
      return data.items.length <= 1 ? { min: 1, pref: 2 } : count(data.items.length, 2, 6);
    case 'timeseries':
      // A chart of 6 rows, and a legend of up to two lines when there are several series.
      return { min: 3, pref: 6 + (panel.kind === 'timeseries' && panel.showLegend ? Math.min(2, data.series.length) : 0) };
    case 'gauge':
      return data.items.length <= 1 ? { min: 1, pref: 2 } : count(data.items.length, 2, 8);
    case 'table':
      return { min: 1 + Math.min(2, data.rows.length), pref: 1 + Math.max(1, Math.min(data.rows.length, 12)) };
    case 'logs':
    case 'patterns':
      return { min: 2, pref: 8 };
    case 'alerts':
      return count(data.alerts.length + (data.total > data.alerts.length ? 1 : 0), 1, 6);
    case 'slo':
      return count(data.slos.length, 1, 6);
    case 'analytics':
      return { min: 1, pref: 2 };
    case 'capacity':
      return count(data.lines.length, 1, 8);
  }
}

export type BoardLine =
  | { kind: 'title'; title: string; collapsed: boolean; panels: number }
  | { kind: 'panels'; panels: PlacedPanel[]; min: number; pref: number };

/**
 * The board as lines: a title line per titled or collapsed row, then its panels in lines of the
 * grid. `keep` filters panels (the `/` filter); rows left empty by it are dropped.
 */
export function boardLines(board: Board, columns: number, size: (panel: Panel) => ContentSize, keep: (panel: Panel) => boolean = () => true): BoardLine[] {
  const lines: BoardLine[] = [];
  for (const row of board.rows) {
    const panels = row.panels.filter(keep);
    if (panels.length === 0) continue;
    if (row.title || row.collapsed) lines.push({ kind: 'title', title: row.title ?? '', collapsed: row.collapsed === true, panels: panels.length });
    if (row.collapsed) continue;
    for (const placed of layoutRow({ ...row, panels }, columns, MIN_PANEL_WIDTH)) {
      const sizes = placed.map((p) => size(p.panel));
      lines.push({
        kind: 'panels',
        panels: placed,
        min: Math.max(...sizes.map((s) => s.min)) + PANEL_CHROME,
        pref: Math.max(...sizes.map((s) => s.pref)) + PANEL_CHROME,
      });
    }
  }
  return lines;
}

export interface FittedLines {
  /** Lines shown (titles of open rows are left out when space is short) with their heights. */
  lines: { line: BoardLine; height: number }[];
}

/**
 * Heights for every line within `available` rows of the terminal (undefined: no limit, every
 * line as tall as it likes). Short of space, titles of open rows go first, then lines shrink
 * from what they like towards their minimum, the extra shared out one row at a time.
 */
export function fitLines(lines: BoardLine[], available?: number): FittedLines {
  const pref = (ls: BoardLine[]) => ls.reduce((n, l) => n + (l.kind === 'title' ? 1 : l.pref), 0);
  if (available === undefined || pref(lines) <= available) return { lines: lines.map((line) => ({ line, height: line.kind === 'title' ? 1 : line.pref })) };
  const kept = lines.filter((l) => l.kind === 'panels' || l.collapsed);
  const heights = kept.map((l) => (l.kind === 'title' ? 1 : l.min));
  let spare = available - heights.reduce((a, b) => a + b, 0);
  for (let grew = true; spare > 0 && grew; ) {
    grew = false;
    kept.forEach((l, i) => {
      if (spare > 0 && l.kind === 'panels' && heights[i] < l.pref) {
        heights[i]++;
        spare--;
        grew = true;
      }
    });
  }
  return { lines: kept.map((line, i) => ({ line, height: heights[i] })) };
}

/** The lines shown from `scroll` on within `available` rows, and the largest useful scroll. */
export function scrollWindow(heights: number[], scroll: number, available?: number): { first: number; end: number; maxScroll: number } {
  if (available === undefined) return { first: 0, end: heights.length, maxScroll: 0 };
  let maxScroll = heights.length - 1;
  for (let used = 0; maxScroll >= 0 && used + heights[maxScroll] <= available; maxScroll--) used += heights[maxScroll];
  maxScroll = Math.max(0, maxScroll + 1);
  const first = Math.max(0, Math.min(scroll, maxScroll));
  let end = first;
  for (let used = 0; end < heights.length && (end === first || used + heights[end] <= available); end++) used += heights[end];
  return { first, end, maxScroll };
}
