import { Box, Text } from 'ink';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { AlertItem, CockpitData, LogLine, SloItem } from '../../src/cockpit/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import { since } from '../../src/output/relative-time.js';
import { useLive, type Live } from '../hooks/use-live.js';
import { Empty, Panel } from '../widgets/panel.js';
import { useScreenKeys } from '../keys/router.js';
import { moreLine } from '../widgets/window.js';
import { clampIndex, step } from '../widgets/selection.js';
import { useSelection } from '../hooks/use-selection.js';
import { Table, type TableColumn } from '../widgets/table.js';
import { budgetColor, percent, severityColor } from '../format.js';
import { hiddenByFilter, makeFilter, shownOf } from '../filter.js';
import type { Screen } from '../commands.js';
import type { LiveOptions } from './overview.js';
import { wrapEntry } from './log-entry.js';
import { LikelyCauses, SUSPECTS_HEIGHT } from './suspects.js';
import { colorOf, useTheme } from '../theme.js';

interface ListProps {
  data: CockpitData;
  live: LiveOptions;
  width: number;
  height: number;
  filter: string;
  open: (s: Screen) => void;
}

/**
 * Shared shape of the list screens: a live loader, a filter over a text of each row, j/k and enter.
 * `what` names one row, for saying how many the filter hides.
 */
function LiveList<T>(props: ListProps & { title: string; hint?: string; live$: Live<T[]>; what: string; text: (row: T) => string; columns: TableColumn<T>[]; rowKey: (row: T) => string; onEnter?: (row: T) => void; empty: string }) {
  const keep = makeFilter(props.filter);
  const all = props.live$.data ?? [];
  const rows = all.filter((r) => keep(props.text(r)));
  const hidden = hiddenByFilter(all.length, props.what, props.filter);
  const selection = useSelection(rows.map(props.rowKey));
  useScreenKeys((input, key) => {
    const moved = step(input, key);
    if (moved) selection.move(moved);
    else if (key.return && props.onEnter) {
      const row = rows[selection.current()];
      if (row) props.onEnter(row);
    } else return false;
    return true;
  });
  return (
    <Panel title={`${props.title} (${shownOf(rows.length, all.length)})`} hint={props.hint} live={props.live$} focused height={props.height} now={props.live.now()}>
      <Table columns={props.columns} rows={rows} selected={selection.index} maxRows={props.height - 4} rowKey={props.rowKey} empty={hidden ?? props.empty} emptyColor={hidden ? 'yellow' : undefined} />
    </Panel>
  );
}

export function AlertsScreen(props: ListProps) {
  const alerts = useLive(() => props.data.alerts(), props.live.intervalMs, props.live);
  const now = props.live.now();
  const columns: TableColumn<AlertItem>[] = [
    { header: 'SEVERITY', width: 9, cell: (a) => sanitize(a.severity, { maxLength: 20 }), color: (a) => severityColor(a.severity) },
    { header: 'ALERT', width: 26, cell: (a) => sanitize(a.name, { maxLength: 80 }) },
    { header: 'SERVICE', width: 14, cell: (a) => sanitize(a.service, { maxLength: 60 }) },
    { header: 'SINCE', width: 8, cell: (a) => since(a.startsAt, now) },
    { header: 'SUMMARY', width: Math.max(10, props.width - 68), cell: (a) => sanitize(a.summary, { maxLength: 300 }) },
  ];
  // The likely causes sit above the alerts when there is room for both.
  const suspects = props.height >= 2 * SUSPECTS_HEIGHT ? props.data.suspects : undefined;
  const list = <LiveList {...props} height={suspects ? props.height - SUSPECTS_HEIGHT : props.height} title="Firing alerts (enter: service)" live$={alerts} what="firing alert" text={(a) => `${a.name} ${a.service} ${a.summary}`} columns={columns} rowKey={(a) => a.fingerprint} onEnter={(a) => props.open({ kind: 'service', service: a.service })} empty="none firing" />;
  if (!suspects) return list;
  return (
    <Box flexDirection="column">
      <LikelyCauses load={suspects} live={props.live} />
      {list}
    </Box>
  );
}

export function SloScreen(props: ListProps) {
  const slos = useLive(() => props.data.slos(), props.live.intervalMs * 3, props.live);
  // The SLO name takes the room the fixed columns leave, so the table fits 80 columns.
  const fixed = 8 + 12 + 7 + 7 + 8 + 6;
  const columns: TableColumn<SloItem>[] = [
    { header: 'VERDICT', width: 8, cell: (s) => s.verdict, color: (s) => (s.verdict === 'BREACHED' ? 'red' : s.verdict === 'WARNING' ? 'yellow' : s.verdict === 'OK' ? 'green' : 'gray') },
    { header: 'SLO', width: Math.max(12, props.width - 4 - 6 - fixed), cell: (s) => sanitize(s.name, { maxLength: 80 }) },
    { header: 'SERVICE', width: 12, cell: (s) => sanitize(s.service, { maxLength: 60 }) },
    { header: 'OBJ', width: 7, align: 'right', cell: (s) => percent(s.objective) },
    { header: 'SLI', width: 7, align: 'right', cell: (s) => percent(s.sli) },
    { header: 'BUDGET', width: 8, align: 'right', cell: (s) => percent(s.budgetRemaining), color: (s) => budgetColor(s.budgetRemaining) },
    { header: 'BURN1h', width: 6, align: 'right', cell: (s) => s.burnRates['1h']?.toFixed(2) ?? '—' },
  ];
  return <LiveList {...props} title="SLOs (enter: service)" live$={slos} what="SLO" text={(s) => `${s.name} ${s.service}`} columns={columns} rowKey={(s) => s.name} onEnter={(s) => props.open({ kind: 'service', service: s.service })} empty="no SLO specs found (see `obs slo --help`)" />;
}

export function LogsScreen(props: ListProps & { query: string }) {
  const lines = useLive(() => props.data.logs(props.query), props.live.intervalMs, { ...props.live, deps: [props.query] });
  const columns: TableColumn<LogLine>[] = [
    { header: 'TIME', width: 8, cell: (l) => new Date(l.time).toISOString().slice(11, 19) },
    { header: 'SERVICE', width: 12, cell: (l) => sanitize(l.labels.service ?? l.labels.app ?? '', { maxLength: 40 }) },
    { header: 'LINE', width: Math.max(10, props.width - 28), cell: (l) => sanitize(l.line, { maxLength: 1000 }) },
  ];
  return <LiveList {...props} title={`Logs ${sanitize(props.query, { maxLength: 80 })}`} hint="enter: whole entry" live$={lines} what="line" text={(l) => l.line} columns={columns} rowKey={logLineKey} onEnter={(entry) => props.open({ kind: 'entry', entry })} empty="no lines in the last 15 minutes" />;
}

/** A log line by all it has: lines in the same millisecond often share a long start. */
export const logLineKey = (l: LogLine): string => `${l.time} ${JSON.stringify(l.labels)} ${l.line}`;

/** A pattern's template and its sample lines, each wrapped whole; enter opens one as an entry. */
export function PatternSamplesScreen(props: ListProps & { service: string; patternId: string }) {
  const theme = useTheme();
  const patterns = useLive(() => props.data.serviceLogs(props.service), props.live.intervalMs * 5, { ...props.live, deps: [props.service] });
  const [selected, setSelected, selectedRef] = useSyncState(0);
  const pattern = patterns.data?.find((p) => p.id === props.patternId);
  const samples = pattern?.samples ?? [];
  const inner = props.width - 6;
  const template = wrapEntry(pattern?.template ?? '', inner);
  const current = clampIndex(selected, samples.length);
  useScreenKeys((input, key) => {
    const moved = step(input, key);
    if (moved) setSelected((i) => clampIndex(clampIndex(i, samples.length) + moved, samples.length));
    else if (key.return && samples.length) {
      const sample = samples[clampIndex(selectedRef.current, samples.length)];
      props.open({ kind: 'entry', entry: { time: props.live.now(), labels: { service: props.service, pattern: props.patternId }, line: sample } });
    } else return false;
    return true;
  });
  // Samples are wrapped whole; those that do not fit are counted, and the list scrolls to the selected one.
  const room = Math.max(1, props.height - 4 - template.length);
  const wrapped = samples.map((s) => wrapEntry(s, inner));
  const lines = (from: number, to: number) => wrapped.slice(from, to + 1).reduce((n, w) => n + w.length, 0);
  let first = 0;
  while (first < current && lines(first, current) > room - 1) first++;
  const shown: number[] = [];
  for (let i = first, used = 0; i < samples.length; i++) {
    // Keep a line for "… N more" unless this is the last sample.
    const reserve = i === samples.length - 1 ? 0 : 1;
    if (shown.length > 0 && used + wrapped[i].length > room - reserve) break;
    shown.push(i);
    used += wrapped[i].length;
  }
  const hidden = samples.length - shown.length;
  return (
    <Panel title={`Pattern ${props.patternId} in ${sanitize(props.service)}`} hint="enter: whole sample" live={patterns} focused height={props.height} now={props.live.now()}>
      {pattern ? template.map((l, i) => <Text key={`t${i}`} bold>{l}</Text>) : patterns.data ? <Text dimColor>(pattern no longer in range)</Text> : <Empty text="" />}
      {pattern ? <Text dimColor>{`${pattern.count} lines${pattern.status ? `, ${pattern.status}` : ''}; ${samples.length} samples:`}</Text> : null}
      {shown.map((i) => (
        <Box key={i}>
          <Text color={colorOf(theme, 'cyan')}>{i === current ? theme.selectedMark + ' ' : '  '}</Text>
          <Box flexDirection="column">{wrapped[i].map((l, j) => <Text key={j} bold={i === current}>{l || ' '}</Text>)}</Box>
        </Box>
      ))}
      {hidden > 0 ? <Text dimColor>{moreLine(hidden)}</Text> : null}
    </Panel>
  );
}
