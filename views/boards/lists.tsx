import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { PanelData } from '../../src/boards/panel-data.js';
import { since } from '../../src/output/relative-time.js';
import { sparkline } from '../../src/output/sparkline.js';
import { fitCells } from '../../src/output/cells.js';
import { distinctKeys } from '../widgets/selection.js';
import { useDim } from '../widgets/panel.js';
import { colorOf, useTheme, type Color } from '../theme.js';
import { budgetColor, percent, severityColor } from '../format.js';

type Of<K extends PanelData['kind']> = Extract<PanelData, { kind: K }>;

/** Lines that are cut to the panel, with "… N more" when not all fit. */
function Lines(props: { count: number; height: number; empty: string; children: (shown: number) => ReactNode }) {
  if (props.count === 0) return <Text dimColor>{props.empty}</Text>;
  const shown = props.count > props.height ? Math.max(0, props.height - 1) : props.count;
  return (
    <Box flexDirection="column">
      {props.children(shown)}
      {shown < props.count ? <Text dimColor>{`… ${props.count - shown} more`}</Text> : null}
    </Box>
  );
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Newest log lines first: time, the stream's service (or app, job) when there is room, the line. */
export function LogsBody(props: { data: Of<'logs'>; width: number; height: number }) {
  const dim = useDim();
  const { lines } = props.data;
  return (
    <Lines count={lines.length} height={props.height} empty="no lines in this range">
      {(n) =>
        lines.slice(0, n).map((l, i) => {
          // Narrow panels keep the room for the line itself.
          const source = props.width >= 60 ? (l.labels.service ?? l.labels.app ?? l.labels.job ?? '') : '';
          return (
            <Text key={i} wrap="truncate-end" dimColor={dim}>
              <Text dimColor>{clock(l.time)}</Text>
              {source ? ` ${fitCells(source, 12)}` : ''} {l.line}
            </Text>
          );
        })
      }
    </Lines>
  );
}

/** Log patterns, most frequent first: count, share, when they occurred, the template. */
export function PatternsBody(props: { data: Of<'patterns'>; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { patterns } = props.data;
  const sparkWidth = props.width >= 60 ? 12 : 0;
  return (
    <Lines count={patterns.length} height={props.height} empty="no lines in this range">
      {(n) =>
        patterns.slice(0, n).map((p, i) => (
          <Text key={i} wrap="truncate-end" dimColor={dim}>
            {`${String(p.count).padStart(6)} ${percent(p.share).padStart(7)} `}
            {sparkWidth ? <Text color={colorOf(theme, 'cyan')}>{sparkline(p.buckets, sparkWidth, { ascii: !theme.unicode, min: 0 }) + ' '}</Text> : null}
            {p.template}
          </Text>
        ))
      }
    </Lines>
  );
}

/** Firing alerts, most severe first: severity, name, service, since when, summary. */
export function AlertsBody(props: { data: Of<'alerts'>; width: number; height: number; now: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { alerts, total } = props.data;
  const hidden = total - alerts.length;
  const keys = distinctKeys(alerts.map((a) => a.fingerprint));
  return (
    <Lines count={alerts.length} height={props.height - (hidden > 0 ? 1 : 0)} empty="none firing">
      {(n) => [
        ...alerts.slice(0, n).map((a, i) => (
          <Text key={keys[i]} wrap="truncate-end" dimColor={dim}>
            <Text color={colorOf(theme, severityColor(a.severity))}>{`${theme.dot} ${fitCells(a.severity, 8)}`}</Text>
            {` ${a.name}${a.service ? ` ${a.service}` : ''} ${since(a.startsAt, props.now)}${a.summary ? ` — ${a.summary}` : ''}`}
          </Text>
        )),
        ...(hidden > 0 && n === alerts.length ? [<Text key="more" dimColor>{`… ${hidden} more`}</Text>] : []),
      ]}
    </Lines>
  );
}

const VERDICT_COLOR: Record<string, Color> = { BREACHED: 'red', WARNING: 'yellow', OK: 'green' };
const verdictColor = (verdict: string): Color => VERDICT_COLOR[verdict] ?? 'gray';

/** Each SLO: name, verdict (when there is room), error budget left. */
export function SloBody(props: { data: Of<'slo'>; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { slos } = props.data;
  // Narrow panels leave the verdict out; the name takes its colour.
  const withVerdict = props.width >= 36;
  const nameWidth = Math.max(4, props.width - 9 - (withVerdict ? 9 : 0));
  return (
    <Lines count={slos.length} height={props.height} empty="no SLOs">
      {(n) =>
        slos.slice(0, n).map((s) => (
          <Text key={s.name} wrap="truncate-end" dimColor={dim}>
            <Text color={colorOf(theme, verdictColor(s.verdict))}>{fitCells(s.name, nameWidth)}</Text>
            {withVerdict ? <Text color={colorOf(theme, verdictColor(s.verdict))}>{' ' + fitCells(s.verdict, 8)}</Text> : null}
            <Text color={colorOf(theme, budgetColor(s.budgetRemaining))}>{percent(s.budgetRemaining).padStart(9)}</Text>
          </Text>
        ))
      }
    </Lines>
  );
}

/** Each resource, most urgent first: name, share used, when it likely runs out, status (when there is room). */
export function CapacityBody(props: { data: Of<'capacity'>; width: number; height: number }) {
  const theme = useTheme();
  const dim = useDim();
  const { lines } = props.data;
  const withStatus = props.width >= 44;
  const nameWidth = Math.max(4, props.width - 6 - 11 - (withStatus ? 10 : 0));
  return (
    <Lines count={lines.length} height={props.height} empty="nothing to report">
      {(n) =>
        lines.slice(0, n).map((l) => (
          <Text key={l.key} wrap="truncate-end" dimColor={dim}>
            <Text color={colorOf(theme, l.color)}>{fitCells(`${l.kind} ${l.resource}`, nameWidth)}</Text>
            {l.used.padStart(6)}
            {l.likely.padStart(11)}
            {withStatus ? <Text color={colorOf(theme, l.color)}>{' ' + fitCells(l.status, 9)}</Text> : null}
          </Text>
        ))
      }
    </Lines>
  );
}
