import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { CockpitData } from '../../src/cockpit/types.js';
import { buildSpanTree, criticalPath, layoutWaterfall, renderWaterfall, renderSpanDetails, type WaterfallRow } from '../../src/traces/index.js';
import { useLive } from '../hooks/use-live.js';
import { Panel } from '../widgets/panel.js';
import { useScreenKeys } from '../keys/router.js';
import { clampIndex, step } from '../widgets/selection.js';
import { colorOf, useTheme } from '../theme.js';
import { toAscii } from '../glyphs.js';
import type { LiveOptions } from './overview.js';

/** A trace waterfall: j/k select a span, enter folds or unfolds it, a shows its attributes and events. */
export function TraceScreen(props: { data: CockpitData; traceId: string; live: LiveOptions; width: number; height: number }) {
  const theme = useTheme();
  // A trace does not change once written: load it once, no refresh loop.
  const trace = useLive(() => props.data.trace(props.traceId), 24 * 3_600_000, { ...props.live, deps: [props.traceId] });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected, selectedRef] = useSyncState(0);
  const [details, setDetails] = useState(false);
  const tree = useMemo(() => (trace.data ? buildSpanTree(trace.data) : undefined), [trace.data]);
  const critical = useMemo(() => (tree ? criticalPath(tree) : undefined), [tree]);
  const layout = useMemo(() => (tree && critical ? layoutWaterfall(tree, { width: props.width - 4, collapsed, critical }) : undefined), [tree, critical, collapsed, props.width]);
  const rows = layout?.rows ?? [];

  useScreenKeys((input, key) => {
    const moved = step(input, key);
    if (moved) setSelected((i) => clampIndex(i + moved, rows.length));
    else if (key.return || input === ' ') {
      const id = rows[selectedRef.current]?.spanId;
      if (!id) return true;
      setCollapsed((c) => {
        const next = new Set(c);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    } else if (input === 'a') setDetails((d) => !d);
    // esc closes the attributes first; the trace closes on the next esc.
    else if (key.escape && details) setDetails(false);
    else return false;
    return true;
  });

  const detailLines = details && tree && rows[selected] ? renderSpanDetails(tree.byId.get(rows[selected].spanId)!.span, { width: props.width - 4, traceStartUs: layout ? tree.roots[0]?.span.startUs : undefined }) : [];
  const bodyRows = Math.max(3, props.height - 5 - (detailLines.length ? Math.min(detailLines.length, 8) + 1 : 0));
  const first = Math.max(0, Math.min(selected - Math.floor(bodyRows / 2), rows.length - bodyRows));
  const lines = layout ? renderWaterfall(layout, { legend: true }) : [];
  const glyph = (s: string) => (theme.unicode ? s : toAscii(s));
  return (
    <Panel title={`Trace ${props.traceId}`} hint="j/k move, enter fold, a attributes" live={trace} height={props.height} now={props.live.now()}>
      {lines.length ? <Text bold wrap="truncate-end">{glyph(lines[0])}</Text> : null}
      {rows.slice(first, first + bodyRows).map((row, i) => (
        <Text key={row.spanId} wrap="truncate-end" inverse={first + i === selected} color={colorOf(theme, rowColor(row))} bold={row.critical}>
          {glyph(lines[first + i + 1] ?? '')}
        </Text>
      ))}
      {lines.length ? <Text dimColor wrap="truncate-end">{glyph(lines[lines.length - 1])}</Text> : null}
      {detailLines.length ? (
        <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, 'gray')}>
          {detailLines.slice(0, 8).map((l, i) => <Text key={i} wrap="truncate-end">{glyph(l)}</Text>)}
        </Box>
      ) : null}
    </Panel>
  );
}

function rowColor(row: WaterfallRow): 'red' | 'yellow' | undefined {
  if (row.error) return 'red';
  if (row.critical) return 'yellow';
  return undefined;
}
