import { Box, Text } from 'ink';
import type { SuspectItem, SuspectsPanel } from '../../src/cockpit/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import { useLive } from '../hooks/use-live.js';
import { Empty, Panel } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';
import type { LiveOptions } from './overview.js';

/** Rows the panel takes: its border and title, and one line per suspect. */
export const SUSPECTS_HEIGHT = 6;

const label = (s: SuspectItem) => sanitize(s.level === 'instance' && s.instance ? `${s.name}/${s.instance}` : s.level === 'host' ? `${s.name} (host)` : s.name, { maxLength: 40 });

/** The most severe incident's likely causes, each with its score and first reason, one line each. */
export function LikelyCauses(props: { load: () => Promise<SuspectsPanel>; live: LiveOptions }) {
  const theme = useTheme();
  const panel = useLive(props.load, props.live.intervalMs * 3, props.live);
  const incident = panel.data?.incident;
  const heldBack = panel.data?.heldBack;
  const causes = `causes${incident ? ` of ${sanitize(incident, { maxLength: 200 })}` : ''}`;
  // What holds the alerts back comes first: the row is cut at the panel's width.
  const title = heldBack ? `${heldBack.replace(/^./, (c) => c.toUpperCase())}; likely ${causes}` : `Likely ${causes}`;
  return (
    <Panel title={title} live={panel} height={SUSPECTS_HEIGHT} now={props.live.now()}>
      {panel.data?.suspects.length ? panel.data.suspects.map((s, i) => (
        <Box key={`${s.level}-${s.name}`} height={1} overflow="hidden">
          <Text wrap="truncate-end">
            <Text bold color={colorOf(theme, i === 0 ? 'red' : undefined)}>{`${i + 1}. ${label(s)}`}</Text>
            <Text dimColor>{`  ${s.score.toFixed(1)}  `}</Text>
            {sanitize(s.reasons[0] ?? '', { maxLength: 300 })}
          </Text>
        </Box>
      )) : <Empty text={heldBack ?? 'no incident in the last 2 hours'} />}
    </Panel>
  );
}
