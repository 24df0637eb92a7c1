/**
 * What kind of evidence an alert is, and how severe. A cause alert names something broken or
 * exhausted (down, saturation, restarts, crash loops, a deploy or config change); a symptom alert
 * names what users feel (latency, error rate, SLO burn). Symptoms travel up the call graph, causes
 * stay where they are, so root-cause ranking trusts causes more. Classification uses general words
 * in the alert name first, then classification labels, then the rule expression, then the summary.
 */
import type { Alert } from './model.js';

export type Severity = 'critical' | 'warning' | 'info' | 'none';
export const SEVERITY_RANK: Record<Severity, number> = { none: 0, info: 1, warning: 2, critical: 3 };

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical', crit: 'critical', page: 'critical', high: 'critical', error: 'critical', emergency: 'critical',
  fatal: 'critical', disaster: 'critical', p1: 'critical', sev1: 'critical', p0: 'critical', sev0: 'critical',
  warning: 'warning', warn: 'warning', ticket: 'warning', medium: 'warning', major: 'warning', minor: 'warning',
  p2: 'warning', p3: 'warning', sev2: 'warning', sev3: 'warning',
  info: 'info', informational: 'info', low: 'info', notice: 'info', none: 'info', p4: 'info', p5: 'info',
};

/** The `severity` label (or `priority`) mapped onto critical/page > warning/ticket > info. */
export function severityOf(labels: Record<string, string>): Severity {
  const value = (labels.severity ?? labels.priority ?? '').trim().toLowerCase();
  return SEVERITY_WORDS[value] ?? 'none';
}

export function highestSeverity(severities: Iterable<Severity>): Severity {
  let best: Severity = 'none';
  for (const s of severities) if (SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  return best;
}

export type EvidenceKind = 'cause' | 'symptom' | 'unknown';

export interface AlertClass {
  kind: EvidenceKind;
  /** The words that decided it. */
  keywords: string[];
  /** Where they were found. */
  from?: 'alertname' | 'labels' | 'expression' | 'summary';
}

export interface ClassifyOptions {
  /** Extra word stems (lower case) that mark cause alerts, and symptom alerts. */
  causeWords?: string[];
  symptomWords?: string[];
}

// Stems: a token matches when it starts with one (restarts, restarting; saturated, saturation).
// Short words that would match too much as stems ("downstream", "deadline") must match whole.
const CAUSE_STEMS = [
  'unreachable', 'absent', 'crash', 'restart', 'oom', 'killed', 'evict', 'saturat', 'exhaust', 'throttl', 'cpu',
  'memory', 'disk', 'filesystem', 'inode', 'swap', 'deploy', 'rollout', 'rollback', 'config', 'reload',
  'certificate', 'expir', 'replica', 'quorum', 'leader', 'failover', 'backoff', 'backlog', 'notready',
  'unhealthy', 'pool', 'capacity', 'quota', 'limit', 'pressure', 'overload', 'partition',
];
const CAUSE_WORDS = ['down', 'dead', 'full', 'cert', 'lag', 'offline'];
const SYMPTOM_STEMS = [
  'latenc', 'slow', 'duration', 'error', 'fail', '5xx', 'timeout', 'availab', 'unavailab', 'apdex', 'slo', 'burn',
  'budget', 'success', 'response', 'p50', 'p90', 'p95', 'p99', 'degrad', 'drop', 'abandon', 'conversion',
];
// Cause phrases of two words: "KubePodNotReady", "EtcdNoLeader", "TooManyOpenFiles".
const CAUSE_PHRASES: [string, string][] = [['not', 'ready'], ['no', 'leader'], ['too', 'many']];
const startsWithAny = (stems: string[]) =>
  new RegExp(`^(?:${stems.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).join('|')})`);
const DEFAULT_CAUSE = startsWithAny(CAUSE_STEMS);
const DEFAULT_SYMPTOM = startsWithAny(SYMPTOM_STEMS);
const CLASS_LABELS = ['type', 'category', 'kind', 'class', 'signal', 'alert_type', 'alerttype'];

/** Split "KubePodCrashLooping", "HTTP5xxErrors" or "payments_db-down" into lower-case words. */
export function words(text: string): string[] {
  return (text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-z]*/g) ?? []).map((w) => w.toLowerCase());
}

function match(tokens: string[], stems: RegExp): string[] {
  return [...new Set(tokens.filter((t) => stems.test(t)))];
}

function classifyWords(tokens: string[], causeStems: RegExp, symptomStems: RegExp): Omit<AlertClass, 'from'> {
  if (tokens.length === 0) return { kind: 'unknown', keywords: [] };
  const cause = [...match(tokens, causeStems), ...tokens.filter((t) => CAUSE_WORDS.includes(t))];
  for (const [a, b] of CAUSE_PHRASES) {
    const i = tokens.indexOf(a);
    if (i >= 0 && tokens[i + 1] === b) cause.push(`${a} ${b}`);
  }
  if (cause.length > 0) return { kind: 'cause', keywords: [...new Set(cause)] };
  const symptom = match(tokens, symptomStems);
  return symptom.length > 0 ? { kind: 'symptom', keywords: symptom } : { kind: 'unknown', keywords: [] };
}

/** The PromQL expression of the rule, from the `g0.expr` parameter of its generator URL. */
function ruleExpression(generatorURL: string | undefined): string | undefined {
  if (!generatorURL) return undefined;
  try {
    return new URL(generatorURL).searchParams.get('g0.expr') ?? undefined;
  } catch {
    return undefined;
  }
}

function classifyExpression(expr: string): Omit<AlertClass, 'from'> {
  if (/\bup\s*(\{[^}]*\})?\s*(==\s*0|<\s*1)/.test(expr)) return { kind: 'cause', keywords: ['up == 0'] };
  if (/\babsent(_over_time)?\s*\(/.test(expr)) return { kind: 'cause', keywords: ['absent()'] };
  if (/restarts_total|oom|_throttled_|saturation|_full|kube_pod_container_status_waiting/.test(expr)) {
    return { kind: 'cause', keywords: ['resource metric'] };
  }
  if (/histogram_quantile|_duration_|latency|status(_code)?=~?"5/.test(expr)) return { kind: 'symptom', keywords: ['latency/error metric'] };
  return { kind: 'unknown', keywords: [] };
}

export function classifyAlert(
  alert: Pick<Alert, 'name' | 'labels' | 'annotations' | 'generatorURL'>,
  options: ClassifyOptions = {},
): AlertClass {
  const causeStems = options.causeWords ? startsWithAny([...CAUSE_STEMS, ...options.causeWords]) : DEFAULT_CAUSE;
  const symptomStems = options.symptomWords ? startsWithAny([...SYMPTOM_STEMS, ...options.symptomWords]) : DEFAULT_SYMPTOM;
  return classifyWith(alert, causeStems, symptomStems);
}

/**
 * `classifyAlert` with its options compiled once and answers remembered: an alert storm is mostly
 * one rule firing for many instances, and the answer depends only on name, class labels, rule and summary.
 */
export function alertClassifier(options: ClassifyOptions = {}): (alert: Pick<Alert, 'name' | 'labels' | 'annotations' | 'generatorURL'>) => AlertClass {
  const causeStems = options.causeWords ? startsWithAny([...CAUSE_STEMS, ...options.causeWords]) : DEFAULT_CAUSE;
  const symptomStems = options.symptomWords ? startsWithAny([...SYMPTOM_STEMS, ...options.symptomWords]) : DEFAULT_SYMPTOM;
  const memo = new Map<string, AlertClass>();
  const remember = (key: string, classify: () => AlertClass) => {
    let c = memo.get(key);
    if (!c) memo.set(key, (c = classify()));
    return c;
  };
  return (alert) => {
    // Name and class labels decide most alerts; the rule and the summary (which often names the
    // instance, so is seldom the same twice) are looked at only when they do not.
    const named = [alert.name, ...CLASS_LABELS.map((l) => alert.labels[l] ?? '')].join('\u0000');
    const byName = remember(named, () => classifyWith({ name: alert.name, labels: alert.labels, annotations: {} }, causeStems, symptomStems));
    if (byName.kind !== 'unknown') return byName;
    return remember(`${named}\u0000${alert.generatorURL ?? ''}\u0000${alert.annotations.summary ?? ''}`, () => classifyWith(alert, causeStems, symptomStems));
  };
}

function classifyWith(
  alert: Pick<Alert, 'name' | 'labels' | 'annotations' | 'generatorURL'>,
  causeStems: RegExp,
  symptomStems: RegExp,
): AlertClass {
  const byName = classifyWords(words(alert.name), causeStems, symptomStems);
  if (byName.kind !== 'unknown') return { ...byName, from: 'alertname' };
  const labelText = CLASS_LABELS.map((l) => alert.labels[l] ?? '').join(' ');
  const byLabels = classifyWords(words(labelText), causeStems, symptomStems);
  if (byLabels.kind !== 'unknown') return { ...byLabels, from: 'labels' };
  const expr = ruleExpression(alert.generatorURL);
  const byExpr = expr ? classifyExpression(expr) : undefined;
  if (byExpr && byExpr.kind !== 'unknown') return { ...byExpr, from: 'expression' };
  const bySummary = classifyWords(words(alert.annotations.summary ?? ''), causeStems, symptomStems);
  if (bySummary.kind !== 'unknown') return { ...bySummary, from: 'summary' };
  return { kind: 'unknown', keywords: [] };
}
