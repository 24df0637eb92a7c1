import asciichart from 'asciichart';
import { Box, Text } from 'ink';
import { colorOf, useTheme, type Color } from '../theme.js';
import { useDim } from './panel.js';

const ASCII_MAP: Record<string, string> = { '┼': '+', '┤': '|', '─': '-', '│': '|', '╭': '+', '╮': '+', '╰': '+', '╯': '+', '┬': '+', '┴': '+' };

/** A line chart of one series drawn with asciichart, resampled to `width` columns. */
export function Chart(props: { title: string; values: number[]; width: number; height: number; format?: (v: number) => string; color?: Color }) {
  const theme = useTheme();
  const dim = useDim();
  const lines = chartLines(props.values, props.width, props.height, props.format ?? ((v) => v.toPrecision(3)), theme.unicode);
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate-end" dimColor={dim}>{props.title}</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" dimColor={dim} color={colorOf(theme, props.color)}>{l}</Text>
      ))}
    </Box>
  );
}

export function chartLines(values: number[], width: number, height: number, format: (v: number) => string, unicode = true): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return ['  no data in this range'];
  const labelWidth = Math.max(...[Math.min(...finite), Math.max(...finite)].map((v) => format(v).length)) + 1;
  const plotWidth = Math.max(4, width - labelWidth - 2);
  const series = bridgeGaps(resample(values, plotWidth));
  const text = asciichart.plot(series, { height: Math.max(2, height - 1), format: (v: number) => format(v).padStart(labelWidth) });
  const lines = text.split('\n');
  return unicode ? lines : lines.map((l) => [...l].map((c) => ASCII_MAP[c] ?? c).join(''));
}

function resample(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    const slice = values.slice(from, to).filter((v) => Number.isFinite(v));
    out.push(slice.length ? Math.max(...slice) : NaN);
  }
  return out;
}

/** asciichart cannot draw NaN: a gap takes the last value before it (leading gaps, the first value). */
function bridgeGaps(values: number[]): number[] {
  const first = values.find((v) => Number.isFinite(v)) ?? 0;
  let last = first;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}
