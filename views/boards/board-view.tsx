import { Box, Text } from 'ink';
import type { Board, Panel as BoardPanel, ResolvedVariable } from '../../src/boards/index.js';
import type { PanelData } from '../../src/boards/panel-data.js';
import { sanitize } from '../../src/output/sanitize.js';
import type { Live } from '../hooks/use-live.js';
import { Panel } from '../widgets/panel.js';
import { colorOf, useTheme } from '../theme.js';
import { makeFilter } from '../filter.js';
import { boardLines, contentSize, fitLines, PANEL_CHROME, scrollWindow, type BoardLine } from './layout.js';
import { PanelBody } from './panel-body.js';
import { variableText } from './variables.js';

export interface BoardViewProps {
  board: Board;
  /** Resolved variables in the board's order (hidden ones are left out of the header). */
  variables: ResolvedVariable[];
  /** Index into `variables` of the one `v` changes; -1 for none. */
  selectedVariable: number;
  panels: Record<string, Live<PanelData>>;
  width: number;
  /** Rows available; undefined draws the whole board (`obs board show --once`). */
  height?: number;
  /** Index of the first line shown. */
  scroll: number;
  filter?: string;
  now: number;
  /** Shown at the right of the header, e.g. when the data was last updated. */
  status?: string;
  /** Told the largest useful scroll on every draw, so keys can stop there. */
  onMaxScroll?: (maxScroll: number) => void;
}

/** A board: a header line with its variables, then its rows of panels, scrolled to `scroll`. */
export function BoardView(props: BoardViewProps) {
  const theme = useTheme();
  const { board, width } = props;
  const keep = makeFilter(props.filter ?? '');
  const lines = boardLines(board, width, (p) => contentSize(p, props.panels[p.id]?.data), (p) => keep(`${p.title} ${p.kind}`));
  const available = props.height === undefined ? undefined : Math.max(1, props.height - 1);
  const fitted = fitLines(lines, available).lines;
  const window = scrollWindow(fitted.map((l) => l.height), props.scroll, available);
  props.onMaxScroll?.(window.maxScroll);
  const shown = fitted.slice(window.first, window.end);
  const position = window.first > 0 || window.end < fitted.length ? `lines ${window.first + 1}-${window.end} of ${fitted.length} (j/k)  ` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Text bold wrap="truncate-end">{sanitize(board.title, { maxLength: 80 })}</Text>
        {props.variables.map((v, i) => (
          <Text key={v.name} wrap="truncate-end">
            {`  $${v.name}: `}
            <Text inverse={i === props.selectedVariable} color={colorOf(theme, 'cyan')}>{variableText(v)}</Text>
          </Text>
        ))}
        <Box flexGrow={1} />
        <Text dimColor>{`${position}${props.status ?? ''}`}</Text>
      </Box>
      {shown.length === 0 ? <Text dimColor>{props.filter ? 'no panel matches the filter' : 'this board has no panels'}</Text> : null}
      {shown.map(({ line, height }, i) => (
        <Line key={window.first + i} line={line} height={available === undefined ? height : Math.min(height, available)} panels={props.panels} now={props.now} />
      ))}
    </Box>
  );
}

function Line(props: { line: BoardLine; height: number; panels: Record<string, Live<PanelData>>; now: number }) {
  const theme = useTheme();
  const { line } = props;
  if (line.kind === 'title') {
    const mark = line.collapsed ? (theme.unicode ? '▸' : '>') : theme.unicode ? '▾' : 'v';
    return (
      <Text bold color={colorOf(theme, 'cyan')} wrap="truncate-end">
        {`${mark} ${sanitize(line.title, { maxLength: 120 })}${line.collapsed ? ` (collapsed, ${line.panels} panel${line.panels === 1 ? '' : 's'})` : ''}`}
      </Text>
    );
  }
  return (
    <Box height={props.height}>
      {line.panels.map(({ panel, width }) => (
        <BoardPanelBox key={panel.id} panel={panel} live={props.panels[panel.id]} width={width} height={props.height} now={props.now} />
      ))}
    </Box>
  );
}

function BoardPanelBox(props: { panel: BoardPanel; live?: Live<PanelData>; width: number; height: number; now: number }) {
  const { panel, live } = props;
  const inner = { width: Math.max(1, props.width - 2), height: Math.max(0, props.height - PANEL_CHROME) };
  const count = live?.data?.kind === 'alerts' ? ` (${live.data.total})` : '';
  return (
    <Panel title={sanitize(panel.title || panel.kind, { maxLength: 120 }) + count} live={live ?? { loading: true, stale: false }} width={props.width} height={props.height} now={props.now}>
      {live?.data && inner.height > 0 ? <PanelBody panel={panel} data={live.data} width={inner.width} height={inner.height} now={props.now} /> : null}
    </Panel>
  );
}
