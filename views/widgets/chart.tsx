import { Box, Text } from 'ink';
import { colorOf, useTheme, type Color } from '../theme.js';
import { ANSI } from '../boards/chart-lines.js';
import { useDim } from './panel.js';
import { bridgeGaps, plotSeries } from './plot.js';

const ASCII_MAP: Record<string, string> = { '┼': '+', '┤': '|', '─': '-', '│': '|', '╭': '+', '╮': '+', '╰': '+', '╯': '+', '┬': '+', '┴': '+' };

/** A band of usual values around a series, point for point with it (NaN where unknown). */
export interface ChartBand {
  low: number[];
  high: number[];
}

/**
 * A line chart of one series drawn with asciichart, resampled to `width` columns; with `band`, the
 * band's edges are drawn in grey behind the line. Without colour the edges could not be told from
 * the line, so the band is said in words under the chart instead (`bandCaption`).
 */
export function Chart(props: { title: string; values: number[]; width: number; height: number; format?: (v: number) => string; color?: Color; band?: ChartBand }) {
  const theme = useTheme();
  const dim = useDim();
  const format = props.format ?? ((v: number) => v.toPrecision(3));
  const band = theme.color && !dim ? props.band : undefined;
  const caption = !theme.color && !dim && props.band ? bandCaption(props.values, props.band, format) : undefined;
  const height = caption ? props.height - 1 : props.height;
  const lines = chartLines(props.values, props.width, height, format, theme.unicode, band && { ...band, lineColor: ANSI[props.color ?? 'white'] });
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate-end" dimColor={dim}>{props.title}</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" dimColor={dim} color={band ? undefined : colorOf(theme, props.color)}>{l}</Text>
      ))}
      {caption && <Text wrap="truncate-end">{caption}</Text>}
    </Box>
  );
}

/**
 * The band at the latest point that has one, in words: "usual 3 to 8", and where the latest value
 * is when it lies outside ("now 12, above"). Undefined when the band has no numbers.
 */
export function bandCaption(values: readonly number[], band: ChartBand, format: (v: number) => string): string | undefined {
  let i = Math.min(values.length, band.low.length, band.high.length) - 1;
  while (i >= 0 && !(Number.isFinite(band.low[i]) && Number.isFinite(band.high[i]))) i--;
  if (i < 0) return undefined;
  const low = band.low[i]!;
  const high = band.high[i]!;
  const value = values[i]!;
  const where = value > high ? 'above' : value < low ? 'below' : undefined;
  return `  usual ${format(low)} to ${format(high)}${where ? `, now ${format(value)}, ${where}` : ''}`;
}

export function chartLines(values: number[], width: number, height: number, format: (v: number) => string, unicode = true, band?: ChartBand & { lineColor: string }): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return ['  no data in this range'];
  const edges = band && [band.low, band.high].every((e) => e.some((v) => Number.isFinite(v))) ? band : undefined;
  const all = edges ? [...finite, ...[...edges.low, ...edges.high].filter((v) => Number.isFinite(v))] : finite;
  const labelWidth = Math.max(...[Math.min(...all), Math.max(...all)].map((v) => format(v).length)) + 1;
  const plotWidth = Math.max(4, width - labelWidth - 2);
  // Each has a number (checked above), so bridging leaves no gap.
  const bridged = (v: number[], pick: (...v: number[]) => number) => bridgeGaps(resample(v, plotWidth, pick))!;
  const series = bridged(values, Math.max);
  // The line is drawn last, so where it crosses an edge the line shows.
  const plotted = edges ? [bridged(edges.low, Math.min), bridged(edges.high, Math.max), series] : [series];
  const text = plotSeries(plotted, {
    height: Math.max(2, height - 1),
    format: (v: number) => format(v).padStart(labelWidth),
    ...(edges ? { colors: [ANSI.gray, ANSI.gray, edges.lineColor] } : {}),
  });
  const lines = text.split('\n');
  return unicode ? lines : lines.map((l) => [...l].map((c) => ASCII_MAP[c] ?? c).join(''));
}

/** `width` columns at most: several points to a column keep the one `pick` chooses (the largest, so spikes stay visible). */
function resample(values: number[], width: number, pick: (...v: number[]) => number): number[] {
  if (values.length <= width) return values;
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    const slice = values.slice(from, to).filter((v) => Number.isFinite(v));
    out.push(slice.length ? pick(...slice) : NaN);
  }
  return out;
}
