import { Box, Text } from 'ink';
import { useState } from 'react';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { CockpitData, LogPatternItem, Point, SloItem, TraceItem, AlertItem } from '../../src/cockpit/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import { fitCells } from '../../src/output/cells.js';
import { formatDuration } from '../../src/time/time.js';
import { useLive } from '../hooks/use-live.js';
import { Empty, Panel } from '../widgets/panel.js';
import { useScreenKeys } from '../keys/router.js';
import { distinctKeys, step } from '../widgets/selection.js';
import { useSelection } from '../hooks/use-selection.js';
import { Chart, type ChartBand } from '../widgets/chart.js';
import type { BandPoint } from '../../src/anomaly/band.js';
import { Table, type TableColumn } from '../widgets/table.js';
import { colorOf, useTheme } from '../theme.js';
import { budgetColor, percent, pinnedLevel, quantileAxis, rate, seconds, severityColor } from '../format.js';
import { hiddenByFilter, makeFilter } from '../filter.js';
import type { Screen } from '../commands.js';
import type { LiveOptions } from './overview.js';
import { ANOMALY_REFRESH_MS } from '../../src/cockpit/anomalies.js';

/** Ranges chosen with + and -. */
export const RANGES_MS = [15, 30, 60, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);

type Focus = 'patterns' | 'traces';

export function ServiceScreen(props: { data: CockpitData; service: string; live: LiveOptions; width: number; height: number; filter: string; open: (s: Screen) => void }) {
  const { data, service, live } = props;
  const [rangeIndex, setRangeIndex] = useState(2);
  const [focus, setFocus, focusRef] = useSyncState<Focus>('patterns');
  const rangeMs = RANGES_MS[rangeIndex];
  const series = useLive(() => data.serviceSeries(service, rangeMs), live.intervalMs, { ...live, deps: [service, rangeMs] });
  // Learnt from a week of history on 5-minute steps: asked as often as the anomaly marks.
  const bands = useLive(data.serviceBands && (() => data.serviceBands!(service, rangeMs)), Math.max(ANOMALY_REFRESH_MS, live.intervalMs), { ...live, deps: [service, rangeMs] });
  const slos = useLive(() => data.serviceSlos(service), live.intervalMs * 3, { ...live, deps: [service] });
  const alerts = useLive(() => data.alerts(), live.intervalMs, live);
  const patterns = useLive(() => data.serviceLogs(service), live.intervalMs * 5, { ...live, deps: [service] });
  const traces = useLive(() => data.serviceTraces(service), live.intervalMs * 5, { ...live, deps: [service] });
  const keep = makeFilter(props.filter);
  const patternRows = (patterns.data ?? []).filter((p) => keep(p.template));
  const traceRows = (traces.data ?? []).filter((t) => keep(`${t.rootOperation} ${t.traceId}`));
  const serviceAlerts = (alerts.data ?? []).filter((a) => a.service === service);
  const patternsHidden = hiddenByFilter(patterns.data?.length ?? 0, 'log pattern', props.filter);
  const tracesHidden = hiddenByFilter(traces.data?.length ?? 0, 'trace', props.filter);

  const patternSelection = useSelection(patternRows.map((p) => p.id));
  const traceSelection = useSelection(traceRows.map((t) => t.traceId));
  useScreenKeys((input, key) => {
    const focus = focusRef.current;
    const moved = step(input, key);
    if (input === '+' || input === '=') setRangeIndex((i) => Math.min(RANGES_MS.length - 1, i + 1));
    else if (input === '-' || input === '_') setRangeIndex((i) => Math.max(0, i - 1));
    else if (key.tab) setFocus((f) => (f === 'patterns' ? 'traces' : 'patterns'));
    else if (moved) (focus === 'patterns' ? patternSelection : traceSelection).move(moved);
    else if (key.return) {
      const trace = traceRows[traceSelection.current()];
      const pattern = patternRows[patternSelection.current()];
      if (focus === 'traces' && trace) props.open({ kind: 'trace', traceId: trace.traceId });
      if (focus === 'patterns' && pattern) props.open({ kind: 'patterns', service, patternId: pattern.id });
    } else return false;
    return true;
  });

  const chartWidth = Math.floor(props.width / 3);
  const chartHeight = props.height >= 40 ? 10 : 6;
  const s = series.data;
  const lowerHeight = props.height - chartHeight - 3;
  const leftWidth = Math.max(30, Math.floor(props.width * 0.4));
  // In a small terminal the two lists share one panel, switched with tab.
  const compact = lowerHeight < 18;
  const showPatterns = !compact || focus === 'patterns';
  const showTraces = !compact || focus === 'traces';
  const listRows = Math.max(1, (compact ? lowerHeight : Math.floor(lowerHeight / 2)) - 4);
  return (
    <Box flexDirection="column" width={props.width}>
      <Panel title={`${sanitize(service)} — last ${formatDuration(rangeMs)} (+/- to change)`} live={series} height={chartHeight + 3} now={live.now()}>
        <Box>
          <Chart title="requests/s" values={(s?.rps ?? []).map((p) => p.value)} band={bandAlong(s?.rps, bands.data?.rps)} width={chartWidth - 2} height={chartHeight - 1} format={(v) => rate(v).replace('/s', '')} color="cyan" />
          <Chart title="error ratio" values={(s?.errorRatio ?? []).map((p) => p.value)} band={bandAlong(s?.errorRatio, bands.data?.errorRatio)} width={chartWidth - 2} height={chartHeight - 1} format={(v) => percent(v)} color="red" />
          <Chart title="p99 latency" values={(s?.p99 ?? []).map((p) => p.value)} band={bandAlong(s?.p99, bands.data?.p99)} width={chartWidth - 2} height={chartHeight - 1} format={quantileAxis(pinnedLevel(s?.p99 ?? [], s?.overflow ?? [], 0.99))} color="yellow" />
        </Box>
      </Panel>
      <Box height={lowerHeight}>
        <Box flexDirection="column" width={leftWidth} flexShrink={0}>
          <Panel title="SLOs" live={slos} now={live.now()} flexGrow={1}>
            <SloList slos={slos.data ?? []} />
          </Panel>
          <Panel title={`Alerts (${serviceAlerts.length})`} live={alerts} now={live.now()} flexGrow={1}>
            <ServiceAlerts alerts={serviceAlerts} />
          </Panel>
        </Box>
        <Box flexDirection="column" flexGrow={1}>
          {showPatterns ? (
            <Panel title="Log patterns" hint={`${compact ? 'tab: traces' : 'tab: switch'}, enter: samples`} live={patterns} focused={focus === 'patterns'} now={live.now()} flexGrow={1}>
              <Table columns={patternColumns(props.width - leftWidth - 4)} rows={patternRows} selected={focus === 'patterns' ? patternSelection.index : -1} maxRows={listRows} rowKey={(p) => p.id} empty={patternsHidden ?? 'no log lines in range'} emptyColor={patternsHidden ? 'yellow' : undefined} />
            </Panel>
          ) : null}
          {showTraces ? (
            <Panel title="Error and slow traces" hint={`${compact ? 'tab: patterns, ' : ''}enter: waterfall`} live={traces} focused={focus === 'traces'} now={live.now()} flexGrow={1}>
              <Table columns={traceColumns(props.width - leftWidth - 4)} rows={traceRows} selected={focus === 'traces' ? traceSelection.index : -1} maxRows={listRows} rowKey={(t) => t.traceId} empty={tracesHidden ?? 'no traces found'} emptyColor={tracesHidden ? 'yellow' : undefined} />
            </Panel>
          ) : null}
        </Box>
      </Box>
    </Box>
  );
}

/** The band in force at each point of a series: the latest band point at or before it. */
function bandAlong(points: readonly Point[] | undefined, band: readonly BandPoint[] | undefined): ChartBand | undefined {
  if (!points?.length || !band?.length) return undefined;
  const low: number[] = [];
  const high: number[] = [];
  let j = -1;
  for (const p of points) {
    while (j + 1 < band.length && band[j + 1]!.time <= p.time) j++;
    low.push(j >= 0 ? band[j]!.low : NaN);
    high.push(j >= 0 ? band[j]!.high : NaN);
  }
  return { low, high };
}

function patternColumns(width: number): TableColumn<LogPatternItem>[] {
  return [
    { header: 'STATUS', width: 8, cell: (p) => (p.status === 'SURGING' && p.ratio ? `x${p.ratio.toFixed(1)}` : p.status ?? ''), color: (p) => (p.status === 'NEW' ? 'red' : p.status === 'SURGING' ? 'yellow' : undefined) },
    { header: 'COUNT', width: 6, align: 'right', cell: (p) => String(p.count) },
    { header: 'PATTERN', width: Math.max(10, width - 18), cell: (p) => sanitize(p.template, { maxLength: 300 }) },
  ];
}

function traceColumns(width: number): TableColumn<TraceItem>[] {
  return [
    { header: 'ERR', width: 3, cell: (t) => (t.error ? 'ERR' : ''), color: (t) => (t.error ? 'red' : undefined) },
    { header: 'DURATION', width: 8, align: 'right', cell: (t) => seconds(t.durationMs / 1000) },
    { header: 'SPANS', width: 5, align: 'right', cell: (t) => String(t.spanCount) },
    { header: 'ROOT', width: Math.max(10, width - 30), cell: (t) => sanitize(t.rootOperation, { maxLength: 120 }) },
  ];
}

function SloList(props: { slos: SloItem[] }) {
  const theme = useTheme();
  if (props.slos.length === 0) return <Empty text="no SLO specs for this service" />;
  return (
    <Box flexDirection="column">
      {props.slos.map((s) => (
        <Text key={s.name} wrap="truncate-end">
          <Text color={colorOf(theme, s.verdict === 'BREACHED' ? 'red' : s.verdict === 'WARNING' ? 'yellow' : s.verdict === 'OK' ? 'green' : 'gray')}>{s.verdict.padEnd(9)}</Text>
          {`${sanitize(s.name, { maxLength: 30 })} ${percent(s.objective)} budget `}
          <Text color={colorOf(theme, budgetColor(s.budgetRemaining))}>{percent(s.budgetRemaining)}</Text>
          {` burn1h ${s.burnRates['1h']?.toFixed(1) ?? '—'}`}
        </Text>
      ))}
    </Box>
  );
}

function ServiceAlerts(props: { alerts: AlertItem[] }) {
  const theme = useTheme();
  if (props.alerts.length === 0) return <Empty text="none firing" color="green" />;
  const keys = distinctKeys(props.alerts.map((a) => a.fingerprint));
  return (
    <Box flexDirection="column">
      {props.alerts.map((a, i) => (
        <Text key={keys[i]} wrap="truncate-end">
          <Text color={colorOf(theme, severityColor(a.severity))}>{fitCells(sanitize(a.severity, { maxLength: 20 }), 9)}</Text>
          {sanitize(a.name, { maxLength: 60 })} <Text dimColor>{sanitize(a.summary, { maxLength: 80 })}</Text>
        </Text>
      ))}
    </Box>
  );
}
