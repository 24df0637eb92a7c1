import { Box, Text } from 'ink';
import type { TimeseriesPanel } from '../../src/boards/index.js';
import { formatValue } from '../../src/boards/index.js';
import type { ChartSeries, PanelData } from '../../src/boards/panel-data.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme, type Color } from '../theme.js';
import { chartLines, SERIES_COLORS } from './chart-lines.js';

type TimeseriesData = Extract<PanelData, { kind: 'timeseries' }>;

/** Every series in one chart, with a legend of names and last values under it. */
export function TimeseriesBody(props: { panel: TimeseriesPanel; data: TimeseriesData; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { panel, data } = props;
  const legend = panel.showLegend ? legendLines(data.series, props.width, props.height >= 6 ? 2 : 1) : [];
  const rows = Math.max(1, props.height - legend.length);
  const format = (v: number) => formatValue(v, panel.unit, { decimals: panel.decimals });
  const lines = chartLines(data.series.map((s) => s.values), { width: props.width, rows, format, color: theme.color && !dim, unicode: theme.unicode, min: panel.min, max: panel.max });
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" dimColor={dim}>{l}</Text>
      ))}
      {legend.map((items, i) => (
        <Text key={`l${i}`} wrap="truncate-end" dimColor={dim}>
          {items.map((item, j) => (
            <Text key={j}>
              {item.color ? <Text color={colorOf(theme, item.color)}>{`${theme.dot} `}</Text> : null}
              {`${item.text}  `}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

interface LegendItem {
  text: string;
  color?: Color;
}

/** Legend entries packed into at most `maxLines` lines of `width`; the last line says how many did not fit. */
function legendLines(series: ChartSeries[], width: number, maxLines: number): LegendItem[][] {
  const lines: LegendItem[][] = [[]];
  let used = 0;
  for (const [index, s] of series.entries()) {
    const item = { text: `${s.name} ${s.text}`, color: SERIES_COLORS[index % SERIES_COLORS.length] };
    const size = item.text.length + 4;
    if (used + size > width && lines[lines.length - 1].length > 0) {
      if (lines.length === maxLines) {
        lines[lines.length - 1].push({ text: `+${series.length - index} more` });
        break;
      }
      lines.push([]);
      used = 0;
    }
    lines[lines.length - 1].push(item);
    used += size;
  }
  return lines[0].length ? lines : [];
}
