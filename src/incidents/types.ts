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

/** `refuse`: obs would not run the step (read-only context, a dangerous command without --allow-dangerous). */
export type RunbookAction = 'run' | 'skip' | 'note' | 'refuse';

/** Where a Slack thread lives: the channel ID and the `ts` of its first message. */
export interface ThreadRef {
  channel: string;
  ts: string;
}

/** What callers append; the store adds `at` and `author`. */
export type EventBody =
  | {
      type: 'opened';
      incident: string;
      title: string;
      severity: Severity;
      services: string[];
      fromGroup?: string;
      /** RFC3339: when the first alert of the incident's own group started firing (silenced ones too). */
      startedAt?: string;
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
    }
  /** Raised one severity level, by hand or because nobody acknowledged in time. */
  | { type: 'escalated'; severity: Severity; reason: string }
  | { type: 'handoff'; to: string; summary: string }
  /**
   * One delivery attempt of a notification: `source` is the `id` of the event it tells about,
   * `channel` the configured channel's name. `page` marks a PagerDuty trigger that was accepted.
   */
  | {
      type: 'notified';
      source: string;
      channel: string;
      ok: boolean;
      attempt: number;
      error?: string;
      /** RFC3339: not retried before this (Retry-After, or backoff). */
      retryAt?: string;
      thread?: ThreadRef;
      page?: boolean;
    };

export type EventType = EventBody['type'];

export type IncidentEvent = EventBody & {
  /** RFC3339 with milliseconds, UTC. */
  at: string;
  author: string;
  /** Unique within the incident; what a notification refers to. Absent in logs written before it existed. */
  id?: string;
  /** Who and where, from the operating system: "alice@bastion-1" (the author may be a chosen name). */
  origin?: string;
  /** The channels this event is to be announced on, planned when it was written. */
  notify?: string[];
};

export interface TimelineEntry {
  at: number;
  author: string;
  origin?: string;
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

/** Where one planned notification stands. */
export interface NotificationRecord {
  /** The event announced. */
  source: string;
  sourceType: EventType;
  channel: string;
  status: 'sent' | 'failed' | 'pending';
  attempts: number;
  error?: string;
  lastAttemptAt?: number;
  retryAt?: number;
  thread?: ThreadRef;
}

export interface IncidentState {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  fromGroup?: string;
  openedAt: number;
  openedBy: string;
  /** When the first alert of the incident's group fired, when known: the incident's real start. */
  startedAt?: number;
  /** When PagerDuty first accepted the page. */
  pagedAt?: number;
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
  escalations: { at: number; author: string; severity: Severity; reason: string }[];
  handoffs: { at: number; author: string; to: string; summary: string }[];
  /** Every planned notification, in the order of the events they announce. */
  notifications: NotificationRecord[];
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
  /** What happened, without the place (file and line say it; warningText joins them). */
  message: string;
}
