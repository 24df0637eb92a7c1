import { Box, Text } from 'ink';
import type { AnalyticsPanel } from '../../src/boards/index.js';
import type { PanelData } from '../../src/boards/panel-data.js';
import { formatDuration } from '../../src/time/time.js';
import { sparkline } from '../../src/output/sparkline.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme, type Color } from '../theme.js';

type AnalyticsData = Extract<PanelData, { kind: 'analytics' }>;

/** A fall of 20% or more is red, of 5% yellow; the rest green. */
function changeColor(change: number | undefined): Color | undefined {
  if (change === undefined) return undefined;
  return change <= -0.2 ? 'red' : change < -0.05 ? 'yellow' : 'green';
}

/** The value now, its change against the earlier period, and a sparkline of the buckets. */
export function AnalyticsBody(props: { panel: AnalyticsPanel; data: AnalyticsData; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { data } = props;
  const change = data.change === undefined ? '' : `${data.change >= 0 ? '+' : ''}${Math.round(data.change * 100)}%`;
  const earlier = data.previous ? ` vs ${data.previous.text} ${formatDuration(props.panel.compareTo)} ago` : ' (nothing earlier to compare)';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" dimColor={dim}>
        <Text bold>{data.current.text}</Text>
        {' '}
        <Text bold color={colorOf(theme, changeColor(data.change))}>{change}</Text>
        {earlier}
      </Text>
      {props.height >= 2 ? <Text color={colorOf(theme, 'cyan')} dimColor={dim}>{sparkline(data.trend, props.width, { ascii: !theme.unicode, min: 0 })}</Text> : null}
    </Box>
  );
}
