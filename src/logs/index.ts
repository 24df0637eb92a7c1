/** The log-pattern engine: see miner.ts for how patterns are mined, report.ts for reports. */
export { PatternMiner, DEFAULT_MINER_OPTIONS } from './miner.js';
export type { AddResult, MinerOptions, MinerState, Pattern } from './miner.js';
export { comparePatterns } from './compare.js';
export type { CompareOptions, Counts, PatternChange, PatternStatus } from './compare.js';
export { assignPatterns, bucketCounts, reportPatterns } from './report.js';
export type { LogEntry, PatternReport, PatternReportResult, ReportOptions, TimeWindow } from './report.js';
export { extractParameters, patternId } from './template.js';
export { WILDCARD, maskToken } from './mask.js';
export { lineText, tokenize } from './tokenize.js';
export { groupingAccuracy, parseCsv, readStructured } from './loghub.js';
export type { LabelledLine } from './loghub.js';
