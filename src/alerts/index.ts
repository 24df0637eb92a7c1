export type { Alert, AlertGroupRef, AlertSource, AlertState } from './model.js';
export { labelsFingerprint } from './fingerprint.js';
export {
  alertGroupKey, fromAlertmanagerAlerts, fromAlertmanagerGroups, fromPrometheusAlerts, mergeAlerts, type AlertmanagerOptions,
} from './normalize.js';
export {
  DEFAULT_POD_LABELS, DEFAULT_SCRAPER_JOBS, DEFAULT_SERVICE_LABELS, serviceOf, workloadOfPod, type ServiceOptions,
} from './service.js';
export {
  alertClassifier, classifyAlert, highestSeverity, SEVERITY_RANK, severityOf, words,
  type AlertClass, type ClassifyOptions, type EvidenceKind, type Severity,
} from './classify.js';
export { buildServiceGraph, DEFAULT_MAX_HOPS, type ServiceEdge, type ServiceGraph } from './topology.js';
export {
  correlateAlerts, DEFAULT_GAP_MS, DEFAULT_JOIN_LABELS,
  type AlertRef, type CorrelatedAlert, type CorrelationOptions, type IncidentGroup, type Join, type JoinReason, type JoinRule,
} from './correlate.js';
export { RANK_WEIGHTS, rankRootCauses, type Evidence, type RankOptions, type RootCauseCandidate } from './rank.js';
export {
  analyzeAlerts, explainGroup, toCorrelationJson,
  type AnalyzedGroup, type AnalyzeOptions, type CorrelationGroupJson, type CorrelationJson,
} from './report.js';
