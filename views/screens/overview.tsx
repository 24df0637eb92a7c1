import { Box, Text, useInput } from 'ink';
import { useMemo } from 'react';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { AlertItem, CockpitData, IncidentItem, ServicesPanel, BusinessPanel } from '../../src/cockpit/types.js';
import { sortWorstFirst } from '../../src/health/model.js';
import { sanitize } from '../../src/output/sanitize.js';
import { sparkline } from '../../src/output/sparkline.js';
import { ago } from '../../src/output/relative-time.js';
import { formatNumber } from '../../src/output/format.js';
import { useLive, type Live } from '../hooks/use-live.js';
import { Panel } from '../widgets/panel.js';
import { Table, type TableColumn } from '../widgets/table.js';
import { colorOf, useTheme } from '../theme.js';
import { budgetColor, errorColor, latencyColor, percent, rate, seconds, severityColor } from '../format.js';
import { makeFilter } from '../filter.js';
import type { Screen } from '../commands.js';

type Row = ServicesPanel['services'][number] & { budgetRemaining?: number };

export interface LiveOptions {
  intervalMs: number;
  paused: boolean;
  refreshKey: number;
  now: () => number;
}

export function Overview(props: { data: CockpitData; live: LiveOptions; width: number; height: number; filter: string; active: () => boolean; open: (s: Screen) => void; services: Live<ServicesPanel> }) {
  const theme = useTheme();
  const { data, live } = props;
  const alerts = useLive(() => data.alerts(), live.intervalMs, live);
  const incidents = useLive(() => data.incidents(), live.intervalMs * 5, live);
  const business = useLive(data.business, Math.max(60_000, live.intervalMs * 5), live);
  const budgets = useLive(data.budgets, live.intervalMs * 3, live);
  const [selected, setSelected, selectedRef] = useSyncState(0);
  const [focus, setFocus, focusRef] = useSyncState<'services' | 'alerts'>('services');

  const rows = useMemo(() => {
    const keep = makeFilter(props.filter);
    const budgetRemaining = budgets.data ?? {};
    const list: Row[] = (props.services.data?.services ?? []).map((s) => ({ ...s, budgetRemaining: budgetRemaining[s.service] }));
    const firingAlerts = Object.fromEntries(list.map((s) => [s.service, s.firingAlerts]));
    return (sortWorstFirst(list, { firingAlerts, budgetRemaining }) as Row[]).filter((r) => keep(r.service));
  }, [props.services.data, budgets.data, props.filter]);
  const alertRows = (alerts.data ?? []).filter((a) => makeFilter(props.filter)(`${a.name} ${a.service}`));

  useInput((input, key) => {
    if (!props.active()) return;
    const focus = focusRef.current;
    const selected = selectedRef.current;
    const count = focus === 'services' ? rows.length : alertRows.length;
    if (key.tab) setFocus((f) => (f === 'services' ? 'alerts' : 'services'));
    else if (key.downArrow || input === 'j') setSelected((i) => Math.min(count - 1, i + 1));
    else if (key.upArrow || input === 'k') setSelected((i) => Math.max(0, i - 1));
    else if (key.pageDown) setSelected((i) => Math.min(count - 1, i + 10));
    else if (key.pageUp) setSelected((i) => Math.max(0, i - 10));
    else if (key.return) {
      if (focus === 'services' && rows[selected]) props.open({ kind: 'service', service: rows[selected].service });
      if (focus === 'alerts' && alertRows[selected]) props.open({ kind: 'service', service: alertRows[selected].service });
    }
  });

  const wide = props.width >= 120;
  const sparkWidth = wide ? 16 : 8;
  const columns: TableColumn<Row>[] = [
    { header: 'SERVICE', width: wide ? 22 : 14, cell: (r) => sanitize(r.service, { maxLength: 64 }), color: (r) => (r.up === false ? 'red' : undefined) },
    { header: 'RPS', width: 8, align: 'right', cell: (r) => rate(r.rps) },
    { header: 'ERR%', width: 7, align: 'right', cell: (r) => percent(r.errorRatio), color: (r) => errorColor(r.errorRatio) },
    { header: 'TREND', width: sparkWidth, cell: (r) => sparkline(r.trend.errorRatio, sparkWidth, { ascii: !theme.unicode, min: 0 }), color: (r) => errorColor(r.errorRatio) },
    { header: 'P50', width: 6, align: 'right', cell: (r) => seconds(r.p50) },
    { header: 'P95', width: 6, align: 'right', cell: (r) => seconds(r.p95) },
    { header: 'P99', width: 6, align: 'right', cell: (r) => seconds(r.p99), color: (r) => latencyColor(r.p99) },
    ...(wide ? [{ header: 'P99 TREND', width: sparkWidth, cell: (r: Row) => sparkline(r.trend.p99, sparkWidth, { ascii: !theme.unicode, min: 0 }), color: (r: Row) => latencyColor(r.p99) }] : []),
    { header: 'BUDGET', width: 6, align: 'right', cell: (r) => (r.budgetRemaining === undefined ? '—' : percent(r.budgetRemaining).replace(/\.\d+%/, '%')), color: (r) => budgetColor(r.budgetRemaining) },
    { header: 'ALRT', width: 4, align: 'right', cell: (r) => (r.firingAlerts ? String(r.firingAlerts) : ''), color: (r) => (r.firingAlerts ? 'red' : undefined) },
  ];
  const hasBusiness = data.business !== undefined;
  const stripHeight = Math.min(7, Math.max(4, alertRows.length + 3));
  const servicesHeight = Math.max(5, props.height - stripHeight - (hasBusiness ? 4 : 0));
  const partial = Object.entries(props.services.data?.partial ?? {});

  return (
    <Box flexDirection="column" width={props.width}>
      <Panel title={`Services (${rows.length}) worst first`} live={props.services} focused={focus === 'services'} height={servicesHeight} now={live.now()}>
        <Table columns={columns} rows={rows} selected={focus === 'services' ? selected : -1} maxRows={servicesHeight - 4 - (partial.length ? 1 : 0)} rowKey={(r) => r.service} empty={props.services.loading ? 'loading…' : sanitize(props.services.data?.emptyHint ?? 'no services found', { maxLength: 400 })} />
        {partial.length ? <Text color={colorOf(theme, 'yellow')}>{`partial: ${partial.map(([k, v]) => `${k}: ${sanitize(v, { maxLength: 60 })}`).join('; ')}`}</Text> : null}
      </Panel>
      <Box>
        <Panel title={`Firing alerts (${alertRows.length})`} live={alerts} focused={focus === 'alerts'} flexGrow={2} height={stripHeight} now={live.now()}>
          <AlertStrip alerts={alertRows} selected={focus === 'alerts' ? selected : -1} max={stripHeight - 3} now={live.now()} />
        </Panel>
        <Panel title="Incidents" live={incidents} flexGrow={1} height={stripHeight} now={live.now()}>
          <IncidentStrip incidents={incidents.data ?? []} />
        </Panel>
      </Box>
      {hasBusiness ? (
        <Panel title="Business: last hour vs same hour last week" live={business} height={4} now={live.now()}>
          <BusinessStrip business={business.data} />
        </Panel>
      ) : null}
    </Box>
  );
}

function AlertStrip(props: { alerts: AlertItem[]; selected: number; max: number; now: number }) {
  const theme = useTheme();
  if (props.alerts.length === 0) return <Text color={colorOf(theme, 'green')}>none firing</Text>;
  return (
    <Box flexDirection="column">
      {props.alerts.slice(0, Math.max(1, props.max)).map((a, i) => (
        <Text key={a.fingerprint} wrap="truncate-end" bold={i === props.selected}>
          <Text color={colorOf(theme, severityColor(a.severity))}>{`${i === props.selected ? theme.selectedMark : theme.dot} ${a.severity.padEnd(8)}`}</Text>
          {` ${sanitize(a.name, { maxLength: 60 })} ${sanitize(a.service, { maxLength: 30 })} ${ago(a.startsAt, props.now)}`}
        </Text>
      ))}
      {props.alerts.length > props.max ? <Text dimColor>{`… ${props.alerts.length - props.max} more (:alerts)`}</Text> : null}
    </Box>
  );
}

function IncidentStrip(props: { incidents: IncidentItem[] }) {
  const theme = useTheme();
  if (props.incidents.length === 0) return <Text dimColor>none open</Text>;
  return (
    <Box flexDirection="column">
      {props.incidents.slice(0, 3).map((i) => (
        <Text key={i.id} wrap="truncate-end">
          <Text color={colorOf(theme, severityColor(i.severity === 'sev1' || i.severity === 'sev2' ? 'critical' : 'warning'))}>{i.severity}</Text>
          {` ${i.id} ${i.status} ${sanitize(i.title, { maxLength: 40 })}`}
        </Text>
      ))}
    </Box>
  );
}

function BusinessStrip(props: { business?: BusinessPanel }) {
  const theme = useTheme();
  const b = props.business;
  if (!b) return <Text dimColor>…</Text>;
  const parts = [
    ...(b.activeUsers !== undefined ? [{ name: 'active users', now: b.activeUsers, before: b.activeUsersWeekAgo }] : []),
    ...b.events.map((e) => ({ name: e.name, now: e.count, before: e.weekAgo })),
  ];
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => {
        const change = p.before ? (p.now - p.before) / p.before : undefined;
        const color = change === undefined ? undefined : change <= -0.2 ? 'red' : change < -0.05 ? 'yellow' : 'green';
        return (
          <Text key={p.name}>
            {i ? '  ' : ''}
            {`${sanitize(p.name, { maxLength: 30 })} ${formatNumber(p.now)} `}
            <Text color={colorOf(theme, color)}>{change === undefined ? '' : `${change >= 0 ? '+' : ''}${Math.round(change * 100)}%`}</Text>
          </Text>
        );
      })}
    </Text>
  );
}
