import type { Panel } from '../../src/boards/index.js';
import type { PanelData } from '../../src/boards/panel-data.js';
import { StatBody } from './stat.js';
import { TimeseriesBody } from './timeseries.js';
import { GaugeBody } from './gauge.js';
import { TableBody } from './table.js';
import { AlertsBody, CapacityBody, LogsBody, PatternsBody, SloBody } from './lists.js';
import { AnalyticsBody } from './analytics.js';

/** The content of a panel, `width` x `height` cells inside its border and title. */
export function PanelBody(props: { panel: Panel; data: PanelData; width: number; height: number; now: number }) {
  const { panel, data, width, height } = props;
  switch (data.kind) {
    case 'stat':
      return <StatBody data={data} sparkline={panel.kind === 'stat' && panel.sparkline} width={width} height={height} />;
    case 'timeseries':
      return panel.kind === 'timeseries' ? <TimeseriesBody panel={panel} data={data} width={width} height={height} /> : null;
    case 'gauge':
      return <GaugeBody data={data} width={width} height={height} />;
    case 'table':
      return <TableBody data={data} width={width} height={height} />;
    case 'logs':
      return <LogsBody data={data} width={width} height={height} />;
    case 'patterns':
      return <PatternsBody data={data} width={width} height={height} />;
    case 'alerts':
      return <AlertsBody data={data} width={width} height={height} now={props.now} />;
    case 'slo':
      return <SloBody data={data} width={width} height={height} />;
    case 'capacity':
      return <CapacityBody data={data} width={width} height={height} />;
    case 'analytics':
      return panel.kind === 'analytics' ? <AnalyticsBody panel={panel} data={data} width={width} height={height} /> : null;
  }
}
