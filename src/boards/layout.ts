import type { BoardRow, Panel } from './model.js';

export interface PlacedPanel {
  panel: Panel;
  /** Column offset and width in characters. */
  x: number;
  width: number;
}

/**
 * Lay a row out in `columns` characters: panels flow left to right on a 24-column grid (a panel
 * without a width takes an equal share of what the others leave), a line breaks when the grid is
 * full or when another panel would make one narrower than `minWidth`, and each line is stretched
 * to the full width.
 */
export function layoutRow(row: BoardRow, columns: number, minWidth = 20): PlacedPanel[][] {
  const explicit = row.panels.reduce((sum, p) => sum + (p.width ?? 0), 0);
  const free = row.panels.filter((p) => p.width === undefined).length;
  const remaining = 24 - explicit;
  const share = free === 0 ? 0 : Math.max(1, Math.floor((remaining >= free ? remaining : 24) / free));
  const perLine = Math.max(1, Math.floor(columns / minWidth));

  const lines: Array<Array<{ panel: Panel; span: number }>> = [];
  let line: Array<{ panel: Panel; span: number }> = [];
  let used = 0;
  for (const panel of row.panels) {
    const span = panel.width ?? share;
    if (line.length > 0 && (used + span > 24 || line.length >= perLine)) {
      lines.push(line);
      line = [];
      used = 0;
    }
    line.push({ panel, span });
    used += span;
  }
  if (line.length > 0) lines.push(line);

  return lines.map((items) => {
    const total = items.reduce((sum, item) => sum + item.span, 0);
    let start = 0;
    return items.map(({ panel, span }, i) => {
      const end = i === items.length - 1 ? columns : Math.round(((start + span) * columns) / total);
      const x = Math.round((start * columns) / total);
      start += span;
      return { panel, x, width: end - x };
    });
  });
}
