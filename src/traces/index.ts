export type { AttributeValue, DependencyEdge, Span, SpanEvent, SpanKind, SpanStatus, Trace } from './model.js';
export { normalizeDependencies, normalizeJaegerTraces, normalizeOtlpTraces } from './normalize.js';
export { buildSpanTree, primaryRoot, spanEndUs, type SpanNode, type SpanTree } from './tree.js';
export { criticalPath, deepestFailingSpan, errorRootServices, type CriticalPath, type CriticalSegment } from './analysis.js';
export {
  foldToFit, layoutWaterfall, type FoldMarker, type WaterfallLayout, type WaterfallOptions, type WaterfallRow,
} from './waterfall.js';
export {
  BAR_CRITICAL, BAR_OTHER, ERROR_MARK, renderSpanDetails, renderWaterfall, serviceColorIndex,
  type Colorize, type RenderOptions, type WaterfallPart,
} from './render.js';
export {
  percentile, summarizeSearch, summarizeTrace, type OperationStats, type SearchSummary, type TraceSummary,
} from './search.js';
export {
  dependenciesFromTraces, layoutDependencies, renderDependencies, type DependencyPart, type DependencyRow,
} from './dependencies.js';
export { formatMicros } from './duration.js';
