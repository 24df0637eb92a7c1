/** Boards: the team's own dashboards, from YAML board files or Grafana dashboards. See ./README.md. */
export * from './model.js';
export { parseBoard, valueColumnName, type ParseResult } from './parse.js';
export { formatProblem, type Problem } from './yaml-reader.js';
export { boardToYaml, boardToPlain, type SerializeOptions } from './serialize.js';
export {
  substitute,
  findVariableRefs,
  escapeRegex,
  escapeStringLiteral,
  SubstitutionError,
  type Scope,
  type ScopeValue,
  type VariableRef,
  type RefContext,
} from './substitute.js';
export { builtinScope, BUILTIN_NAMES, type BuiltinInput } from './builtins.js';
export {
  resolveVariables,
  selectValues,
  labelValuesRequest,
  filterOptions,
  parseLabelValues,
  VariableError,
  type FetchLabelValues,
  type LabelValuesRequest,
  type ResolvedVariable,
} from './variables.js';
export {
  planRefresh,
  panelResults,
  normalizeQuery,
  type PlanInput,
  type RefreshPlan,
  type PanelPlan,
  type PanelResult,
  type PlannedRequest,
  type RangeRequest,
  type InstantRequest,
  type LogsRequest,
  type AlertsRequest,
  type SloRequest,
  type AnalyticsRequest,
} from './plan.js';
export { formatValue, parseUnit, thresholdColor, type FormatOptions } from './units.js';
export { seriesName } from './legend.js';
export { layoutRow, type PlacedPanel } from './layout.js';
export { checkSyntax, type SyntaxResult } from './syntax.js';
export { listBoards, findBoard, loadBoard, type BoardFile, type LoadedBoard } from './files.js';
export {
  importGrafana,
  GrafanaImportError,
  type GrafanaImport,
  type GrafanaImportOptions,
  type ConvertedPanel,
  type SkippedItem,
} from './grafana/import.js';
export { formatSkipped, importSummary, importedBoardYaml } from './grafana/report.js';
export {
  panelData,
  reduce,
  type PanelData,
  type PanelState,
  type RequestOutcome,
  type RequestResult,
  type ShownValue,
  type ChartSeries,
  type GaugeItem,
  type TableCell,
  type PatternLine,
  type LogLine,
} from './panel-data.js';
// Running boards against a context's backends is in ./live.js (boardClients, liveBoard, refreshBoard).
