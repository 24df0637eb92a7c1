/**
 * The incident event log: every line of `<id>.jsonl` is one IncidentEvent. State is never stored;
 * it is the fold of the events (see fold.ts).
 */

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

/** Where a snapshot part came from: one of the backends, or obs itself (e.g. a capability that is not built). */
export type EvidenceSource = 'prometheus' | 'alertmanager' | 'loki' | 'jaeger' | 'amplitude' | 'obs';

/**
 * One piece of evidence. `ok`: `data` holds what the capability returned; `failed`: the backend
 * could not answer (`error` says why); `unavailable`: the capability or backend is not there
 * (not configured, not built), recorded as such rather than faked.
 */
export interface SnapshotPart {
  /** e.g. "alerts", "slo", "logs", "traces", "impact" (see evidence.ts for the shapes obs reads back). */
  name: string;
  source: EvidenceSource | string;
  status: 'ok' | 'failed' | 'unavailable';
  error?: string;
  data?: unknown;
  tookMs?: number;
}

export interface Snapshot {
  /** Why it was taken, e.g. "open" or "manual". */
  reason?: string;
  parts: SnapshotPart[];
}

export type RunbookAction = 'run' | 'skip' | 'note';

/** What callers append; the store adds `at` and `author`. */
export type EventBody =
  | {
      type: 'opened';
      incident: string;
      title: string;
      severity: Severity;
      services: string[];
      fromGroup?: string;
    }
  | { type: 'acknowledged' }
  | { type: 'note'; text: string }
  | { type: 'status'; status: IncidentStatus }
  | { type: 'assigned'; assignee: string }
  /** Title, severity or services changed after opening. */
  | { type: 'updated'; title?: string; severity?: Severity; services?: string[] }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'runbook-attached'; runbook: string; title?: string; reasons?: string[] }
  | {
      type: 'runbook-step';
      runbook: string;
      step: number;
      title?: string;
      action: RunbookAction;
      summary: string;
      /** Whether the step's checks held; absent when nothing was checked (skip, note, manual step). */
      ok?: boolean;
    };

export type EventType = EventBody['type'];

export type IncidentEvent = EventBody & {
  /** RFC3339 with milliseconds, UTC. */
  at: string;
  author: string;
};

export interface TimelineEntry {
  at: number;
  author: string;
  type: EventType;
  /** One line, already sanitised. */
  text: string;
}

export interface SnapshotRecord extends Snapshot {
  at: number;
  author: string;
}

export interface RunbookStepRecord {
  at: number;
  author: string;
  runbook: string;
  step: number;
  title?: string;
  action: RunbookAction;
  summary: string;
  ok?: boolean;
}

export interface IncidentState {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  fromGroup?: string;
  openedAt: number;
  openedBy: string;
  status: IncidentStatus;
  /** status !== 'resolved' */
  open: boolean;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  /** First time the status became `identified`. */
  identifiedAt?: number;
  /** First time the status became `monitoring` (the fix is in). */
  mitigatedAt?: number;
  /** When the incident was last resolved; cleared if it is reopened. */
  resolvedAt?: number;
  assignee?: string;
  runbooks: string[];
  notes: { at: number; author: string; text: string }[];
  snapshots: SnapshotRecord[];
  steps: RunbookStepRecord[];
  timeline: TimelineEntry[];
  lastEventAt: number;
  eventCount: number;
}

/** Something wrong with the log that was skipped rather than thrown: a torn or corrupt line. */
export interface StoreWarning {
  file: string;
  /** 1-based line number in the file; 0 when the warning is about the whole incident. */
  line: number;
  kind: 'torn' | 'corrupt' | 'invalid' | 'missing-open';
  message: string;
}
