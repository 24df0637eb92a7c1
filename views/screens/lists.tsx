import { Text, useInput } from 'ink';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { AlertItem, CockpitData, LogLine, SloItem } from '../../src/cockpit/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import { ago } from '../../src/output/relative-time.js';
import { useLive, type Live } from '../hooks/use-live.js';
import { Panel } from '../widgets/panel.js';
import { Table, type TableColumn } from '../widgets/table.js';
import { budgetColor, percent, severityColor } from '../format.js';
import { makeFilter } from '../filter.js';
import type { Screen } from '../commands.js';
import type { LiveOptions } from './overview.js';

interface ListProps {
  data: CockpitData;
  live: LiveOptions;
  width: number;
  height: number;
  filter: string;
  active: () => boolean;
  open: (s: Screen) => void;
}

/** Shared shape of the list screens: a live loader, a filter over a text of each row, j/k and enter. */
function LiveList<T>(props: ListProps & { title: string; live$: Live<T[]>; text: (row: T) => string; columns: TableColumn<T>[]; rowKey: (row: T) => string; onEnter?: (row: T) => void; empty: string }) {
  const [selected, setSelected, selectedRef] = useSyncState(0);
  const keep = makeFilter(props.filter);
  const rows = (props.live$.data ?? []).filter((r) => keep(props.text(r)));
  useInput((input, key) => {
    if (!props.active()) return;
    if (key.downArrow || input === 'j') setSelected((i) => Math.min(rows.length - 1, i + 1));
    else if (key.upArrow || input === 'k') setSelected((i) => Math.max(0, i - 1));
    else if (key.pageDown) setSelected((i) => Math.min(rows.length - 1, i + 10));
    else if (key.pageUp) setSelected((i) => Math.max(0, i - 10));
    else if (key.return && rows[selectedRef.current] && props.onEnter) props.onEnter(rows[selectedRef.current]);
  });
  return (
    <Panel title={`${props.title} (${rows.length})`} live={props.live$} focused height={props.height} now={props.live.now()}>
      <Table columns={props.columns} rows={rows} selected={selected} maxRows={props.height - 4} rowKey={props.rowKey} empty={props.empty} />
    </Panel>
  );
}

export function AlertsScreen(props: ListProps) {
  const alerts = useLive(() => props.data.alerts(), props.live.intervalMs, props.live);
  const now = props.live.now();
  const columns: TableColumn<AlertItem>[] = [
    { header: 'SEVERITY', width: 9, cell: (a) => a.severity, color: (a) => severityColor(a.severity) },
    { header: 'ALERT', width: 26, cell: (a) => sanitize(a.name, { maxLength: 80 }) },
    { header: 'SERVICE', width: 14, cell: (a) => sanitize(a.service, { maxLength: 60 }) },
    { header: 'SINCE', width: 8, cell: (a) => ago(a.startsAt, now) },
    { header: 'SUMMARY', width: Math.max(10, props.width - 68), cell: (a) => sanitize(a.summary, { maxLength: 300 }) },
  ];
  return <LiveList {...props} title="Firing alerts (enter: service)" live$={alerts} text={(a) => `${a.name} ${a.service} ${a.summary}`} columns={columns} rowKey={(a) => a.fingerprint} onEnter={(a) => props.open({ kind: 'service', service: a.service })} empty="none firing" />;
}

export function SloScreen(props: ListProps) {
  const slos = useLive(() => props.data.slos(), props.live.intervalMs * 3, props.live);
  const columns: TableColumn<SloItem>[] = [
    { header: 'VERDICT', width: 9, cell: (s) => s.verdict, color: (s) => (s.verdict === 'BREACHED' ? 'red' : s.verdict === 'WARNING' ? 'yellow' : s.verdict === 'OK' ? 'green' : 'gray') },
    { header: 'SLO', width: 28, cell: (s) => sanitize(s.name, { maxLength: 80 }) },
    { header: 'SERVICE', width: 14, cell: (s) => sanitize(s.service, { maxLength: 60 }) },
    { header: 'OBJECTIVE', width: 9, align: 'right', cell: (s) => percent(s.objective) },
    { header: 'SLI', width: 8, align: 'right', cell: (s) => percent(s.sli) },
    { header: 'BUDGET', width: 8, align: 'right', cell: (s) => percent(s.budgetRemaining), color: (s) => budgetColor(s.budgetRemaining) },
    { header: 'BURN 1h', width: 7, align: 'right', cell: (s) => s.burnRates['1h']?.toFixed(2) ?? '—' },
  ];
  return <LiveList {...props} title="SLOs (enter: service)" live$={slos} text={(s) => `${s.name} ${s.service}`} columns={columns} rowKey={(s) => s.name} onEnter={(s) => props.open({ kind: 'service', service: s.service })} empty="no SLO specs found (see `obs slo --help`)" />;
}

export function LogsScreen(props: ListProps & { query: string }) {
  const lines = useLive(() => props.data.logs(props.query), props.live.intervalMs, { ...props.live, deps: [props.query] });
  const columns: TableColumn<LogLine>[] = [
    { header: 'TIME', width: 8, cell: (l) => new Date(l.time).toISOString().slice(11, 19) },
    { header: 'SERVICE', width: 12, cell: (l) => sanitize(l.labels.service ?? l.labels.app ?? '', { maxLength: 40 }) },
    { header: 'LINE', width: Math.max(10, props.width - 28), cell: (l) => sanitize(l.line, { maxLength: 1000 }) },
  ];
  return <LiveList {...props} title={`Logs ${sanitize(props.query, { maxLength: 80 })}`} live$={lines} text={(l) => l.line} columns={columns} rowKey={(l) => `${l.time}-${l.line.slice(0, 40)}-${l.labels.pod ?? ''}`} empty="no lines in the last 15 minutes" />;
}

export function PatternSamplesScreen(props: ListProps & { service: string; patternId: string }) {
  const patterns = useLive(() => props.data.serviceLogs(props.service), props.live.intervalMs * 5, { ...props.live, deps: [props.service] });
  const pattern = patterns.data?.find((p) => p.id === props.patternId);
  return (
    <Panel title={`Pattern ${props.patternId} in ${sanitize(props.service)}`} live={patterns} focused height={props.height} now={props.live.now()}>
      <Text bold wrap="truncate-end">{sanitize(pattern?.template ?? '(pattern no longer in range)', { maxLength: 500 })}</Text>
      <Text dimColor>{pattern ? `${pattern.count} lines${pattern.status ? `, ${pattern.status}` : ''}; samples:` : ''}</Text>
      {(pattern?.samples ?? []).slice(0, props.height - 5).map((s, i) => (
        <Text key={i} wrap="truncate-end">{sanitize(s, { maxLength: 1000 })}</Text>
      ))}
    </Panel>
  );
}
