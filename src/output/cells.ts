import stringWidth from 'string-width';

/**
 * Terminal cells, the measure of every padded column: a CJK character or an emoji takes two cells,
 * a combining mark none. Measured as Ink lays text out (string-width), so a row padded here is
 * exactly as wide on screen as it is here, and never wraps.
 */
export const cellWidth = (text: string): number => stringWidth(text);

const graphemes = new Intl.Segmenter();

/**
 * Cut to at most `width` cells, ending in `ellipsis` when something was cut (even at the ellipsis's
 * own width: a lone "…" says "cut", a lone first letter would read as the whole value); a wide
 * character is never split.
 */
export function cutToCells(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  const room = width < cellWidth(ellipsis) ? width : width - cellWidth(ellipsis);
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = cellWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return room === width ? out : out + ellipsis;
}

/** Pad or cut to exactly `width` cells. */
export function fitCells(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = cutToCells(text, width);
  const pad = ' '.repeat(Math.max(0, width - cellWidth(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}

/**
 * How many UTF-16 units of `text`, from its start and whole graphemes only, fit in `width` cells.
 * Segments only a prefix a little longer than the answer (the segmenter copies what it is given),
 * so folding a long line costs what the line costs.
 */
export function unitsInCells(text: string, width: number): number {
  for (let look = width * 2 + 16; ; look *= 2) {
    const prefix = text.slice(0, look);
    let units = 0;
    let used = 0;
    for (const { segment } of graphemes.segment(prefix)) {
      used += cellWidth(segment);
      if (used > width) return units;
      units += segment.length;
    }
    if (prefix.length === text.length) return units;
  }
}
