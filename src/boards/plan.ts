/**
 * Query planning for one refresh of a board: every panel's queries with variables substituted,
 * equal requests merged so panels that ask the same thing share one HTTP request, and the way
 * back from results to panels. Pure: the caller runs the requests.
 */
import { chooseStep, type TimeRange } from '../time/time.js';
import { boardPanels, type Board, type Panel } from './model.js';
import { builtinScope } from './builtins.js';
import { substitute, SubstitutionError, type Scope } from './substitute.js';

interface Keyed {
  /** Equal keys mean equal requests. */
  key: string;
}

/** A range query: a matrix for charts, sparklines and stats. Times in ms. */
export interface RangeRequest extends Keyed {
  backend: 'prometheus' | 'loki';
  type: 'range';
  query: string;
  start: number;
  end: number;
  step: number;
}

/** An instant query at `time`: a vector for tables, gauges and bars. */
export interface InstantRequest extends Keyed {
  backend: 'prometheus' | 'loki';
  type: 'instant';
  query: string;
  time: number;
}

/** Log lines of a LogQL log query, newest first. */
export interface LogsRequest extends Keyed {
  backend: 'loki';
  type: 'logs';
  query: string;
  start: number;
  end: number;
  limit: number;
}

/** Active, unsilenced alerts matching every matcher (Alertmanager `filter`). */
export interface AlertsRequest extends Keyed {
  backend: 'alertmanager';
  type: 'alerts';
  matchers: string[];
}

/** SLO evaluation at `time` by the SLO capability; no names means every SLO. */
export interface SloRequest extends Keyed {
  backend: 'slo';
  type: 'slo';
  slos: string[];
  time: number;
}

/** An Amplitude event segmentation or active/new users, over [start, end] and the span `compareTo` earlier. */
export interface AnalyticsRequest extends Keyed {
  backend: 'amplitude';
  type: 'analytics';
  metric: 'event' | 'active_users' | 'new_users';
  event?: string;
  measure?: 'totals' | 'uniques';
  start: number;
  end: number;
  compareStart: number;
  compareEnd: number;
}

/** The capacity report (`obs capacity`) at `time`: what runs out within `within`. */
export interface CapacityRequest extends Keyed {
  backend: 'capacity';
  type: 'capacity';
  within: number;
  time: number;
}

export type PlannedRequest = RangeRequest | InstantRequest | LogsRequest | AlertsRequest | SloRequest | AnalyticsRequest | CapacityRequest;
type WithoutKey<T> = T extends unknown ? Omit<T, 'key'> : never;
type RequestDraft = WithoutKey<PlannedRequest>;

/** A panel's requests (indexes into RefreshPlan.requests, one per query, in query order) or why it has none. */
export type PanelPlan = { panelId: string; requests: number[] } | { panelId: string; error: string };

export interface RefreshPlan {
  requests: PlannedRequest[];
  panels: PanelPlan[];
  /** Step of the range queries in ms (also $__interval). */
  step: number;
}

export interface PlanInput {
  range: TimeRange;
  /** Resolved variables (see resolveVariables); built-ins are added here. */
  variables: Scope;
  /** Step in ms; default: about `points` points over the range, never below the scrape interval. */
  step?: number;
  points?: number;
  /** Plan only these panels; default: every panel outside collapsed rows. */
  panelIds?: readonly string[];
}

export function planRefresh(board: Board, input: PlanInput): RefreshPlan {
  const { range } = input;
  const step = input.step ?? Math.max(chooseStep(range, input.points ?? 240), board.time.scrapeInterval);
  const scope: Scope = {
    ...input.variables,
    ...builtinScope({ rangeMs: range.end - range.start, stepMs: step, scrapeIntervalMs: board.time.scrapeInterval }),
  };
  const wanted = input.panelIds
    ? new Set(input.panelIds)
    : new Set(board.rows.filter((row) => !row.collapsed).flatMap((row) => row.panels.map((p) => p.id)));

  const requests: PlannedRequest[] = [];
  const index = new Map<string, number>();
  const add = (request: RequestDraft): number => {
    const key = JSON.stringify(request);
    let i = index.get(key);
    if (i === undefined) {
      i = requests.length;
      requests.push({ key, ...request } as PlannedRequest);
      index.set(key, i);
    }
    return i;
  };

  const panels: PanelPlan[] = [];
  for (const panel of boardPanels(board)) {
    if (!wanted.has(panel.id)) continue;
    try {
      const drafts = panelRequests(panel, scope, range, step);
      panels.push({ panelId: panel.id, requests: drafts.map(add) });
    } catch (err) {
      if (!(err instanceof SubstitutionError)) throw err;
      panels.push({ panelId: panel.id, error: err.message });
    }
  }
  return { requests, panels, step };
}

function panelRequests(panel: Panel, scope: Scope, range: TimeRange, step: number): Array<RequestDraft> {
  const q = (expr: string) => normalizeQuery(substitute(expr, scope));
  switch (panel.kind) {
    case 'stat':
    case 'timeseries':
      return panel.queries.map((query) => ({
        backend: query.source,
        type: 'range',
        query: q(query.expr),
        start: range.start,
        end: range.end,
        step,
      }));
    case 'gauge':
    case 'bar':
    case 'table':
      return panel.queries.map((query) => ({ backend: query.source, type: 'instant', query: q(query.expr), time: range.end }));
    case 'logs':
      return [{ backend: 'loki', type: 'logs', query: q(panel.query), start: range.start, end: range.end, limit: panel.limit }];
    case 'alerts':
      return [{ backend: 'alertmanager', type: 'alerts', matchers: panel.matchers.map(q).sort() }];
    case 'slo':
      return [{ backend: 'slo', type: 'slo', slos: [...panel.slos].sort(), time: range.end }];
    case 'capacity':
      return [{ backend: 'capacity', type: 'capacity', within: panel.within, time: range.end }];
    case 'analytics':
      return [
        {
          backend: 'amplitude',
          type: 'analytics',
          metric: panel.metric,
          ...(panel.metric === 'event' ? { event: panel.event, measure: panel.measure } : {}),
          start: range.start,
          end: range.end,
          compareStart: range.start - panel.compareTo,
          compareEnd: range.end - panel.compareTo,
        },
      ];
  }
}

const OPENING = '([{,';
const CLOSING = ')]},';

/**
 * One spelling per query, so queries that differ only in layout share a request: outside string
 * literals, comments go, whitespace after an opening bracket or comma and before a closing one
 * goes, other runs of whitespace become one space.
 */
export function normalizeQuery(query: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (quote) {
      out += ch;
      if (ch === '\\' && quote !== '`') out += query[++i] ?? '';
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
      out += ch;
    } else if (ch === '#' || /\s/.test(ch)) {
      // A run of whitespace and comments counts as one separator.
      for (let inComment = ch === '#'; i + 1 < query.length; i++) {
        const next = query[i + 1];
        if (next === '#') inComment = true;
        else if (next === '\n') inComment = false;
        else if (!inComment && !/\s/.test(next)) break;
      }
      if (!OPENING.includes(out.at(-1) ?? '(') && !CLOSING.includes(query[i + 1] ?? ')')) out += ' ';
    } else {
      out += ch;
    }
  }
  return out.trim();
}

/** What each panel gets back: its requests' results in query order, or its planning error. */
export type PanelResult<R> = { panelId: string; results: R[] } | { panelId: string; error: string };

/** Map the results of `plan.requests` (same order) back to the panels that asked for them. */
export function panelResults<R>(plan: RefreshPlan, results: readonly R[]): PanelResult<R>[] {
  if (results.length !== plan.requests.length) {
    throw new RangeError(`expected ${plan.requests.length} results, got ${results.length}`);
  }
  return plan.panels.map((p) => ('error' in p ? p : { panelId: p.panelId, results: p.requests.map((i) => results[i]) }));
}
