/**
 * Grafana dashboard JSON -> Board. Prometheus and Loki panels are converted; every panel, query,
 * variable or feature that is not converted (or not exactly) is listed with the reason.
 * Covered: schemaVersion 14–42 (Grafana 4.x to 12.x): the old rows[] layout (< 16) and panels[]
 * with gridPos and `row` panels, collapsed or not.
 */
import { parseDuration, TimeSyntaxError } from '../../time/time.js';
import { DEFAULT_TIME, type Board, type BoardRow, type PanelKind } from '../model.js';
import { assignPanelIds } from '../parse.js';
import { ImportContext, type GrafanaImportOptions, type SkippedItem } from './context.js';
import { looksLikeLogql } from './expr.js';
import { convertPanel } from './panels.js';
import type { GrafanaDashboard, GrafanaPanel } from './types.js';
import { convertVariables } from './variables.js';

export type { GrafanaImportOptions, SkippedItem } from './context.js';

export class GrafanaImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrafanaImportError';
  }
}

/** Which board panel a Grafana panel became. */
export interface ConvertedPanel {
  grafanaId?: number;
  title: string;
  type: string;
  panelId: string;
  kind: PanelKind;
}

export interface GrafanaImport {
  board: Board;
  converted: ConvertedPanel[];
  skipped: SkippedItem[];
  /** Grafana panels seen (rows excluded): converted.length + skipped panels. */
  panelCount: number;
  source: { title: string; uid?: string; schemaVersion?: number };
}

/** Convert a dashboard: the JSON model itself, or the `{dashboard, meta}` an API export wraps it in. */
export function importGrafana(input: unknown, options: GrafanaImportOptions = {}): GrafanaImport {
  const dashboard = unwrap(input);
  const ctx = new ImportContext(dashboard, options);
  const sections = collectSections(dashboard, ctx);
  const allPanels = sections.flatMap((s) => s.panels.map(({ panel }) => panel));
  for (const panel of allPanels) if (typeof panel.id === 'number') ctx.panelsById.set(panel.id, panel);
  ctx.inferFromQueries(allPanels, looksLikeLogql);

  ctx.variables = convertVariables(dashboard.templating?.list ?? [], ctx);
  const time = convertTime(dashboard, ctx);
  dashboardNotes(dashboard, ctx);

  const converted: ConvertedPanel[] = [];
  let panelCount = 0;
  const rows: BoardRow[] = [];
  for (const section of sections) {
    const row: BoardRow = { ...(section.title ? { title: section.title } : {}), ...(section.collapsed ? { collapsed: true } : {}), panels: [] };
    for (const { panel, width } of section.panels) {
      panelCount++;
      const board = convertPanel(panel, width, ctx);
      if (!board) continue;
      row.panels.push(board);
      converted.push({
        ...(typeof panel.id === 'number' ? { grafanaId: panel.id } : {}),
        title: panel.title ?? '',
        type: panel.type ?? '',
        panelId: '',
        kind: board.kind,
      });
    }
    if (row.panels.length > 0) rows.push(row);
  }
  const panels = rows.flatMap((r) => r.panels);
  assignPanelIds(panels);
  panels.forEach((p, i) => (converted[i].panelId = p.id));

  const title = dashboard.title?.trim() || 'Imported dashboard';
  const board: Board = {
    title,
    ...(dashboard.description ? { description: dashboard.description } : {}),
    variables: ctx.variables,
    time,
    rows,
  };
  return {
    board,
    converted,
    skipped: ctx.skipped,
    panelCount,
    source: {
      title,
      ...(dashboard.uid ? { uid: dashboard.uid } : {}),
      ...(typeof dashboard.schemaVersion === 'number' ? { schemaVersion: dashboard.schemaVersion } : {}),
    },
  };
}

function unwrap(input: unknown): GrafanaDashboard {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new GrafanaImportError('not a Grafana dashboard: expected a JSON object');
  const obj = input as Record<string, unknown>;
  const inner = obj.dashboard;
  const dash = (inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : obj) as GrafanaDashboard;
  if (!Array.isArray(dash.panels) && !Array.isArray(dash.rows)) {
    throw new GrafanaImportError('not a Grafana dashboard: it has neither panels nor rows');
  }
  return dash;
}

interface Section {
  title?: string;
  collapsed?: boolean;
  panels: Array<{ panel: GrafanaPanel; width?: number }>;
}

/**
 * The dashboard's sections in reading order. panels[] (schemaVersion >= 16): top-level panels
 * sorted by position, each `row` panel starting a section that owns the panels below it (or,
 * when collapsed, its own `panels`). rows[] (older): one section per row, widths from `span`.
 */
function collectSections(dash: GrafanaDashboard, ctx: ImportContext): Section[] {
  if (Array.isArray(dash.panels) && (dash.panels.length > 0 || !Array.isArray(dash.rows))) {
    const sections: Section[] = [];
    let current: Section | undefined;
    for (const panel of sortByPosition(dash.panels)) {
      if (panel.type === 'row') {
        if (panel.repeat) ctx.skip({ what: 'feature', title: panel.title ?? '', type: 'row', reason: `the row repeats for each value of $${panel.repeat}; converted once` });
        current = { ...(panel.title ? { title: panel.title } : {}), ...(panel.collapsed ? { collapsed: true } : {}), panels: [] };
        sections.push(current);
        for (const inner of sortByPosition(panel.panels ?? [])) current.panels.push({ panel: inner, width: gridWidth(inner) });
        continue;
      }
      if (!current) {
        current = { panels: [] };
        sections.push(current);
      }
      current.panels.push({ panel, width: gridWidth(panel) });
    }
    return sections;
  }
  return (dash.rows ?? []).map((row) => {
    if (row.repeat) ctx.skip({ what: 'feature', title: row.title ?? '', type: 'row', reason: `the row repeats for each value of $${row.repeat}; converted once` });
    return {
      ...(row.showTitle && row.title ? { title: row.title } : {}),
      ...(row.collapse ? { collapsed: true } : {}),
      panels: (row.panels ?? []).map((panel) => ({
        panel,
        width: typeof panel.span === 'number' && panel.span > 0 ? clampWidth(panel.span * 2) : undefined,
      })),
    };
  });
}

function sortByPosition(panels: GrafanaPanel[]): GrafanaPanel[] {
  return [...panels].sort((a, b) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0));
}

function gridWidth(panel: GrafanaPanel): number | undefined {
  const w = panel.gridPos?.w;
  return typeof w === 'number' && w > 0 ? clampWidth(w) : undefined;
}

function clampWidth(w: number): number {
  return Math.min(24, Math.max(1, Math.round(w)));
}

function convertTime(dash: GrafanaDashboard, ctx: ImportContext): Board['time'] {
  const time: Board['time'] = { ...DEFAULT_TIME };
  const note = (reason: string) => ctx.skip({ what: 'dashboard', title: dash.title ?? '', reason });
  const from = dash.time?.from ?? 'now-6h';
  const to = dash.time?.to ?? 'now';
  const relative = /^now-(\w+?)(\/\w)?$/.exec(from);
  if (relative) {
    try {
      time.range = parseDuration(relative[1]);
    } catch (err) {
      if (!(err instanceof TimeSyntaxError)) throw err;
      note(`time range "${from}" is not converted; the board shows the last ${DEFAULT_TIME.range / 3_600_000}h`);
    }
    if (relative[2]) note(`time range "${from}" is rounded to the ${relative[2].slice(1)} in Grafana; the board shows the last ${relative[1]} up to now`);
  } else {
    note(`time range from "${from}" is not relative to now; the board shows the last ${DEFAULT_TIME.range / 3_600_000}h`);
  }
  if (to !== 'now') note(`the range ends at "${to}" in Grafana; boards end now`);
  if (typeof dash.refresh === 'string' && dash.refresh !== '') {
    try {
      time.refresh = parseDuration(dash.refresh);
    } catch (err) {
      if (!(err instanceof TimeSyntaxError)) throw err;
      note(`refresh "${dash.refresh}" is not converted`);
    }
  } else {
    time.refresh = 0;
  }
  return time;
}

function dashboardNotes(dash: GrafanaDashboard, ctx: ImportContext): void {
  const annotations = (dash.annotations?.list ?? []).filter((a) => !a.builtIn);
  for (const a of annotations) {
    ctx.skip({ what: 'dashboard', title: dash.title ?? '', reason: `annotation "${a.name ?? ''}" is not converted` });
  }
  if ((dash.links ?? []).length > 0) ctx.skip({ what: 'dashboard', title: dash.title ?? '', reason: 'dashboard links are not converted' });
}
