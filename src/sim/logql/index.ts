export type * from './ast.js';
export { LogQLError } from './errors.js';
export { parseLogQL } from './parse.js';
export { selectLogs, streamLogs, type LogStream, type PipedEntry, type SelectOptions, type ProcessStats } from './select.js';
export { evaluateMetric, MAX_SERIES, type Series, type Steps } from './metric.js';
export type { Direction, LogSource, SourceEntry } from './source.js';
export { labelsKey, sortedLabels } from './labels.js';
export { Pattern } from './pattern.js';
export { memorySource } from './memory-source.js';
