import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { AlertItem, CockpitData, IncidentItem, ServicesPanel, BusinessPanel } from '../../src/cockpit/types.js';
import { meansPartial } from '../../src/backends/prometheus/warnings.js';
import { sortWorstFirst } from '../../src/health/model.js';
import { sanitize } from '../../src/output/sanitize.js';
import { cellWidth, fitCells } from '../../src/output/cells.js';
import { sparkline } from '../../src/output/sparkline.js';
import { since } from '../../src/output/relative-time.js';
import { formatNumber } from '../../src/output/format.js';
import { useLive, type Live } from '../hooks/use-live.js';
import { Empty, Panel } from '../widgets/panel.js';
import { listWindow, moreLine } from '../widgets/window.js';
import { useScreenKeys } from '../keys/router.js';
import { distinctKeys, step } from '../widgets/selection.js';
import { useSelection } from '../hooks/use-selection.js';
import { Table, type TableColumn } from '../widgets/table.js';
import { colorOf, useTheme } from '../theme.js';
import { BUDGET_CELLS, budgetCell, budgetColor, bySeverity, ERROR_RATIO_SCALE, errorColor, LATENCY_SCALE_S, latencyColor, percent, quantileSeconds, rate, scaleTop, severityColor } from '../format.js';
import { hiddenByFilter, makeFilter, shownOf } from '../filter.js';
import type { Screen } from '../commands.js';
import { ANOMALY_REFRESH_MS } from '../../src/cockpit/anomalies.js';

type Row = ServicesPanel['services'][number] & { budgetRemaining?: number; firingAlerts: number };

export interface LiveOptions {
  intervalMs: number;
  paused: boolean;
  refreshKey: number;
  now: () => number;
}

export function Overview(props: { data: CockpitData; live: LiveOptions; width: number; height: number; filter: string; open: (s: Screen) => void; services: Live<ServicesPanel> }) {
  const theme = useTheme();
  const { data, live } = props;
  // Every panel belongs to the context it was loaded from: another context starts them all afresh.
  const fromContext = { ...live, deps: [data] };
  const alerts = useLive(() => data.alerts(), live.intervalMs, fromContext);
  const incidents = useLive(() => data.incidents(), live.intervalMs * 5, fromContext);
  const business = useLive(data.business, Math.max(60_000, live.intervalMs * 5), fromContext);
  const budgets = useLive(data.budgets, live.intervalMs * 3, fromContext);
  // A week of history per signal is a heavy question, on 5-minute steps: asked every 5 minutes (more
  // often the answer barely changes), and only once the services have answered, so it never holds up
  // the first screen.
  const servicesShown = props.services.data !== undefined;
  const anomalies = useLive(servicesShown ? data.anomalies : undefined, Math.max(ANOMALY_REFRESH_MS, live.intervalMs), { ...live, deps: [servicesShown, data] });
  const [focus, setFocus, focusRef] = useSyncState<'services' | 'alerts'>('services');

  const rows = useMemo(() => {
    const keep = makeFilter(props.filter);
    const budgetRemaining = budgets.data ?? {};
    const firingAlerts: Record<string, number> = {};
    for (const a of alerts.data ?? []) firingAlerts[a.service] = (firingAlerts[a.service] ?? 0) + 1;
    const list: Row[] = (props.services.data?.services ?? []).map((s) => ({ ...s, budgetRemaining: budgetRemaining[s.service], firingAlerts: firingAlerts[s.service] ?? 0 }));
    return (sortWorstFirst(list, { firingAlerts, budgetRemaining, anomalous: anomalies.data?.order }) as Row[]).filter((r) => keep(r.service));
  }, [props.services.data, budgets.data, alerts.data, anomalies.data, props.filter]);
  const alertRows = bySeverity((alerts.data ?? []).filter((a) => makeFilter(props.filter)(`${a.name} ${a.service}`)));
  const serviceCount = props.services.data?.services.length ?? 0;
  const servicesHidden = hiddenByFilter(serviceCount, 'service', props.filter);
  const alertCount = alerts.data?.length ?? 0;

  const serviceSelection = useSelection(rows.map((r) => r.service));
  const alertSelection = useSelection(alertRows.map((a) => a.fingerprint));

  useScreenKeys((input, key) => {
    const focus = focusRef.current;
    const selection = focus === 'services' ? serviceSelection : alertSelection;
    const moved = step(input, key);
    if (key.tab) {
      setFocus((f) => (f === 'services' ? 'alerts' : 'services'));
      alertSelection.reset();
    } else if (moved) selection.move(moved);
    else if (key.return) {
      const service = focus === 'services' ? rows[selection.current()]?.service : alertRows[selection.current()]?.service;
      if (service !== undefined) props.open({ kind: 'service', service });
    } else return false;
    return true;
  });

  const wide = props.width >= 120;
  const sparkWidth = wide ? 16 : 8;
  const failed = props.services.data?.partial ?? {};
  // A column whose query failed is unknown ("?"), never a number; "—" is a value with no data.
  // Failures are reported per convention ("service.errors"), or for every row ("errors").
  const failedFor = (r: Row, metric: string) => failed[`${r.convention}.${metric}`] ?? failed[metric];
  const known = (metric: string, text: (r: Row) => string) => (r: Row) => (failedFor(r, metric) !== undefined ? '?' : text(r));
  // "!" unusual against its own history; "?" when the anomaly queries failed and nothing answered says so.
  const anomalyFailure = anomalies.error ?? anomalies.data?.failed[0];
  const mark = (r: Row) => (anomalies.data?.services[r.service]?.anomalous ? '!' : anomalyFailure !== undefined ? '?' : '');
  const unusualCount = rows.filter((r) => mark(r) === '!').length;
  const metrics: TableColumn<Row>[] = [
    // A service whose targets are down says so in words: colour alone is not enough.
    { header: 'RPS', width: 8, align: 'right', cell: (r) => (r.up === false ? 'DOWN' : known('rps', (row) => rate(row.rps))(r)), color: (r) => (r.up === false ? 'red' : undefined) },
    { header: 'ERR%', width: 7, align: 'right', cell: known('errors', (r) => percent(r.errorRatio)), color: (r) => (failedFor(r, 'errors') !== undefined ? 'yellow' : errorColor(r.errorRatio)) },
    { header: 'TREND', width: sparkWidth, cell: known('trend.errorRatio', (r) => sparkline(r.trend.errorRatio, sparkWidth, { ascii: !theme.unicode, min: 0, max: scaleTop(r.trend.errorRatio, ERROR_RATIO_SCALE) })), color: (r) => errorColor(r.errorRatio) },
    { header: 'P50', width: 6, align: 'right', cell: known('p50', (r) => quantileSeconds(r.p50, 0.5, r.overflow)) },
    { header: 'P95', width: 6, align: 'right', cell: known('p95', (r) => quantileSeconds(r.p95, 0.95, r.overflow)) },
    { header: 'P99', width: 6, align: 'right', cell: known('p99', (r) => quantileSeconds(r.p99, 0.99, r.overflow)), color: (r) => latencyColor(r.p99) },
    ...(wide ? [{ header: 'P99 TREND', width: sparkWidth, cell: known('trend.p99', (r: Row) => sparkline(r.trend.p99, sparkWidth, { ascii: !theme.unicode, min: 0, max: scaleTop(r.trend.p99, LATENCY_SCALE_S) })), color: (r: Row) => latencyColor(r.p99) }] : []),
    { header: 'BUDGET', width: BUDGET_CELLS, align: 'right', cell: (r) => (budgets.error !== undefined ? '?' : budgetCell(r.budgetRemaining)), color: (r) => budgetColor(r.budgetRemaining) },
    { header: 'ALRT', width: 4, align: 'right', cell: (r) => (alerts.error !== undefined ? '?' : r.firingAlerts ? String(r.firingAlerts) : ''), color: (r) => (r.firingAlerts ? 'red' : undefined) },
  ];
  // Names are identifiers: the column grows to the longest one, within what the other columns leave.
  const longestName = Math.max(0, ...rows.map((r) => cellWidth(sanitize(r.service, { maxLength: 64 }))));
  const room = props.width - 6 - metrics.reduce((sum, c) => sum + c.width + 1, 0);
  const serviceWidth = Math.min(Math.max(longestName, wide ? 22 : 14), wide ? 32 : room);
  const columns: TableColumn<Row>[] = [
    { header: '!', width: 1, cell: mark, color: (r) => (mark(r) === '!' ? 'magenta' : 'yellow') },
    { header: 'SERVICE', width: serviceWidth, cell: (r) => sanitize(r.service, { maxLength: 64 }), color: (r) => (r.up === false ? 'red' : undefined) },
    ...metrics,
  ];
  const hasBusiness = data.business !== undefined;
  // Firing alerts and open incidents share a strip: as tall as the longer list needs, within limits.
  const stripHeight = Math.min(7, Math.max(4, Math.max(alertRows.length, incidents.data?.length ?? 0) + 3));
  const servicesHeight = Math.max(5, props.height - stripHeight - (hasBusiness ? 4 : 0));
  // A fixed share, not flexGrow: Yoga would start from each panel's content, and a long incident title would take the alerts' room.
  const alertsWidth = Math.ceil((props.width * 2) / 3);
  const partial = [...Object.entries(failed), ...(anomalyFailure !== undefined ? [['unusual (!)', anomalyFailure]] : [])];

  return (
    <Box flexDirection="column" width={props.width}>
      <Panel title={`Services (${props.services.data === undefined ? '?' : shownOf(rows.length, serviceCount)}) worst first${unusualCount ? ` · ${unusualCount} unusual (!)` : ''}`} live={props.services} hint={partialAnswer([...(props.services.data?.warnings ?? []), ...(anomalies.data?.warnings ?? [])])} focused={focus === 'services'} height={servicesHeight} now={live.now()}>
        <Table columns={columns} rows={rows} selected={focus === 'services' ? serviceSelection.index : -1} maxRows={servicesHeight - 4 - (partial.length ? 1 : 0)} rowKey={(r) => r.service} empty={servicesHidden ?? sanitize(props.services.data?.emptyHint ?? 'no services found', { maxLength: 400 })} emptyColor={servicesHidden ? 'yellow' : undefined} />
        {partial.length ? <Text wrap="truncate-end" color={colorOf(theme, 'yellow')}>{`? = unknown: ${partial.map(([k, v]) => `${k}: ${sanitize(v, { maxLength: 60 })}`).join('; ')}`}</Text> : null}
      </Panel>
      <Box>
        <Panel title={`Firing alerts (${alerts.data === undefined ? '?' : shownOf(alertRows.length, alertCount)})`} live={alerts} focused={focus === 'alerts'} width={alertsWidth} height={stripHeight} now={live.now()}>
          <AlertStrip alerts={alertRows} hidden={hiddenByFilter(alertCount, 'firing alert', props.filter)} selected={focus === 'alerts' ? alertSelection.index : -1} max={stripHeight - 3} now={live.now()} />
        </Panel>
        <Panel title="Incidents" live={incidents} width={props.width - alertsWidth} height={stripHeight} now={live.now()}>
          <IncidentStrip incidents={incidents.data ?? []} max={stripHeight - 3} />
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

/** The firing alerts, most severe first; `hidden` says that the filter hid them all. */
function AlertStrip(props: { alerts: AlertItem[]; hidden?: string; selected: number; max: number; now: number }) {
  const theme = useTheme();
  if (props.alerts.length === 0) return props.hidden ? <Empty text={props.hidden} color="yellow" /> : <Empty text="none firing" color="green" />;
  const { first, shown, hidden } = listWindow(props.alerts.length, props.max, props.selected);
  const keys = distinctKeys(props.alerts.map((a) => a.fingerprint));
  return (
    <Box flexDirection="column">
      {props.alerts.slice(first, first + shown).map((a, i) => (
        <Text key={keys[first + i]} wrap="truncate-end" bold={first + i === props.selected}>
          <Text color={colorOf(theme, severityColor(a.severity))}>{`${first + i === props.selected ? theme.selectedMark : theme.dot} ${fitCells(sanitize(a.severity, { maxLength: 20 }), 8)}`}</Text>
          {` ${sanitize(a.name, { maxLength: 60 })} ${sanitize(a.service, { maxLength: 30 })} ${since(a.startsAt, props.now)}`}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor wrap="truncate-end">{moreLine(hidden, 'tab, j/k or :alerts')}</Text> : null}
    </Box>
  );
}

function IncidentStrip(props: { incidents: IncidentItem[]; max: number }) {
  const theme = useTheme();
  if (props.incidents.length === 0) return <Empty text="none open" />;
  const { shown, hidden } = listWindow(props.incidents.length, props.max);
  return (
    <Box flexDirection="column">
      {props.incidents.slice(0, shown).map((i) => (
        <Text key={i.id} wrap="truncate-end">
          <Text color={colorOf(theme, severityColor(i.severity === 'sev1' || i.severity === 'sev2' ? 'critical' : 'warning'))}>{i.severity}</Text>
          {` ${i.id} ${i.status} ${sanitize(i.title, { maxLength: 40 })}`}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor wrap="truncate-end">{moreLine(hidden, 'obs incident list')}</Text> : null}
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

/** A Thanos or Mimir answer missing a store: its numbers may be low, so the panel says so (a PromQL annotation does not). */
function partialAnswer(warnings: string[]): string | undefined {
  const missing = warnings.find(meansPartial);
  return missing === undefined ? undefined : `partial answer: ${sanitize(missing, { maxLength: 60 })}`;
}
