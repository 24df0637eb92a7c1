/** Several series drawn as one asciichart, exactly `rows` lines high and `width` columns wide. */
import type { Color } from '../theme.js';
import { bridgeGaps, plotSeries } from '../widgets/plot.js';

/** asciichart's glyphs and their ASCII stand-ins, for terminals without UTF-8. */
const ASCII: Record<string, string> = { '┼': '+', '┤': '|', '╶': '-', '╴': '-', '─': '-', '╰': '+', '╭': '+', '╮': '+', '╯': '+', '│': '|' };

export const ANSI: Record<Color, string> = {
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
  white: '\x1b[37m',
  gray: '\x1b[90m',
};

/** Colours of series in legend order. */
export const SERIES_COLORS: Color[] = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'red', 'white'];

export interface ChartOptions {
  width: number;
  rows: number;
  format: (v: number) => string;
  /** Colour series (from SERIES_COLORS); false on a terminal without colour. */
  color: boolean;
  unicode: boolean;
  min?: number;
  max?: number;
}

/**
 * The chart's lines. Each series is squeezed to the plot width (the largest value of each
 * column, so spikes stay visible) and its gaps are bridged with the previous value; a series with
 * no number at all is left out.
 */
export function chartLines(series: readonly (readonly number[])[], o: ChartOptions): string[] {
  const finite = series.flatMap((s) => s.filter((v) => Number.isFinite(v)));
  if (finite.length === 0 || o.rows < 1) return ['no data in this range'];
  const min = o.min ?? Math.min(...finite);
  const max = Math.max(o.max ?? Math.max(...finite), min);
  // The axis is labelled on every row: measure them all, so the plot starts in one column.
  const labelWidth = Math.max(...Array.from({ length: o.rows + 1 }, (_, i) => o.format(max - ((max - min) * i) / Math.max(1, o.rows)).length));
  const plotWidth = Math.max(2, o.width - labelWidth - 2);
  const drawn: number[][] = [];
  const colors: string[] = [];
  series.forEach((s, i) => {
    const filled = bridgeGaps(squeeze(s, plotWidth));
    if (!filled) return;
    drawn.push(filled.map((v) => Math.min(max, Math.max(min, v))));
    colors.push(ANSI[SERIES_COLORS[i % SERIES_COLORS.length]]);
  });
  const text = plotSeries(drawn, {
    height: Math.max(1, o.rows - 1),
    min,
    max,
    format: (v: number) => o.format(v).padStart(labelWidth),
    ...(o.color ? { colors } : {}),
  });
  const lines = text.split('\n').slice(0, o.rows).map(o.color ? compactColors : (l) => l);
  while (lines.length < o.rows) lines.push('');
  return o.unicode ? lines : lines.map((l) => l.replace(/[┼┤╶╴─╰╭╮╯│]/g, (c) => ASCII[c]));
}

/** Exactly `width` columns: several points to a column keep their largest; few points are widened. */
function squeeze(values: readonly number[], width: number): number[] {
  if (values.length <= width) return Array.from({ length: width }, (_, i) => values[Math.floor((i * values.length) / width)]);
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    let best = NaN;
    const to = Math.max(Math.floor((i * values.length) / width) + 1, Math.floor(((i + 1) * values.length) / width));
    for (let j = Math.floor((i * values.length) / width); j < to; j++) if (Number.isFinite(values[j]) && !(values[j] <= best)) best = values[j];
    out.push(best);
  }
  return out;
}

/**
 * asciichart colours every cell on its own (colour, glyph, reset); one code per run of a colour
 * draws the same and is several times cheaper for the terminal renderer to measure and cut.
 */
function compactColors(line: string): string {
  let out = '';
  let current = '';
  for (const [, code, coloured, plain] of line.matchAll(/\x1b\[(\d+)m([^\x1b])\x1b\[0m|([^\x1b])/gu)) {
    const color = code ?? '';
    if (color !== current) out += color ? `\x1b[${color}m` : '\x1b[39m';
    current = color;
    out += coloured ?? plain;
  }
  return current ? `${out}\x1b[39m` : out;
}
