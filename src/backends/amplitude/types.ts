/**
 * A calendar date for the Dashboard REST API, which reads dates in the project's time zone:
 * `"YYYYMMDD"` or `"YYYY-MM-DD"` as the project sees it, or a Date, taken at its UTC calendar date.
 */
export type AmplitudeDate = string | Date;

/** An hour for the Export API (always UTC): a Date, unix ms, or `"YYYYMMDDTHH"`. */
export type ExportHour = Date | number | string;

/** What Amplitude sends as a series label: an event index, a group value, or `[eventIndex, "group value"]`. */
export type SeriesLabel = number | string | (number | string)[];

export interface AmplitudeSeries {
  /** Readable label: the group value, the event name, or Amplitude's own text. */
  label: string;
  raw?: SeriesLabel;
  /** One value per `xValues` bucket; null where Amplitude sent none. */
  values: (number | null)[];
  /** Amplitude's total over the whole range (`seriesCollapsed`), when it sends one. */
  total?: number;
}

export interface SeriesResult {
  /** Bucket names as Amplitude sends them: "YYYY-MM-DD" for days, "HH:mm" for realtime, other time-like text for finer intervals. */
  xValues: string[];
  series: AmplitudeSeries[];
}

export type Interval = 'realtime' | 'hourly' | 'daily' | 'weekly' | 'monthly';

export type SegmentationMetric = 'uniques' | 'totals' | 'pct_dau' | 'average' | 'histogram' | 'sums' | 'value_avg';

export type FilterOp =
  | 'is'
  | 'is not'
  | 'contains'
  | 'does not contain'
  | 'less'
  | 'less or equal'
  | 'greater'
  | 'greater or equal'
  | 'set is'
  | 'set is not';

/** A condition on an event or user property; `type` defaults to 'event'. */
export interface PropertyFilter {
  type?: 'event' | 'user';
  property: string;
  op: FilterOp;
  values: (string | number)[];
}

/** A group-by property; a plain string is a user property (custom ones prefixed `gp:`). */
export type GroupBy = string | { type: 'event' | 'user'; property: string };

/** A user segment condition, e.g. `{prop: "country", op: "is", values: ["Germany"]}`. */
export interface Segment {
  prop: string;
  op: string;
  values: string[];
}

export interface SegmentationQuery {
  /** The event type as sent (custom events with the `ce:` prefix; `_active`, `_all` also work). */
  event: string;
  start: AmplitudeDate;
  end: AmplitudeDate;
  /** Default 'uniques'. */
  metric?: SegmentationMetric;
  /** Default 'daily'. */
  interval?: Interval;
  /** At most two. */
  groupBy?: GroupBy | GroupBy[];
  filters?: PropertyFilter[];
  segments?: Segment[];
  /** Number of group-by values, default 100, max 1000. */
  limit?: number;
  signal?: AbortSignal;
}

export interface ActiveUsersQuery {
  start: AmplitudeDate;
  end: AmplitudeDate;
  /** Default 'daily'. */
  interval?: 'daily' | 'weekly' | 'monthly';
  /** Default 'active'. */
  metric?: 'active' | 'new';
  segments?: Segment[];
  /** A user property to group by. */
  groupBy?: string;
  signal?: AbortSignal;
}

export interface EventType {
  name: string;
  display: string;
  /** Count in the current week. */
  totals: number;
  hidden: boolean;
  deleted: boolean;
  nonActive: boolean;
}

/**
 * One exported event, with Amplitude's own field names. Every `*_time` field that Amplitude sends
 * as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC) is turned into unix ms. Fields not listed are kept as sent.
 */
export interface ExportedEvent {
  event_type: string;
  event_time?: number;
  server_upload_time?: number;
  client_event_time?: number;
  uuid?: string;
  user_id?: string | null;
  device_id?: string | null;
  amplitude_id?: number;
  session_id?: number;
  platform?: string | null;
  country?: string | null;
  version_name?: string | null;
  event_properties?: Record<string, unknown>;
  user_properties?: Record<string, unknown>;
  [field: string]: unknown;
}
