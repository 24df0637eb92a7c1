/** A simulated trace: spans in depth-first order, root first. Times are unix microseconds. */

export type SpanKind = 'server' | 'client' | 'producer' | 'internal';
export type AttributeValue = string | number | boolean;

/** Why a span failed; the logs of its service describe the same failure. */
export type Failure =
  /** the service's own fault (500) */
  | { kind: 'own'; message: string }
  /** a call took longer than the caller's timeout */
  | { kind: 'timeout'; peer: string; timeoutMs: number }
  /** no connection to the peer could be had from the pool */
  | { kind: 'pool'; peer: string; waitedMs: number }
  /** a call failed */
  | { kind: 'upstream'; peer: string; status: number; detail: string }
  /** the caller gave up on this span */
  | { kind: 'canceled'; afterMs: number };

export interface SimSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  pod: string;
  version: string;
  /** the service route this span serves (a server route, a database "query", a cache "GET") */
  route: string;
  name: string;
  kind: SpanKind;
  startUs: number;
  endUs: number;
  attributes: Record<string, AttributeValue>;
  failure?: Failure;
  /** the HTTP status answered, for spans of HTTP services */
  status?: number;
}

export interface SimTrace {
  traceId: string;
  startUs: number;
  /** entry route at the edge */
  route: string;
  /** the simulated user who made the request */
  userId: string;
  spans: SimSpan[];
}

export function failureMessage(f: Failure): string {
  switch (f.kind) {
    case 'own': return f.message;
    case 'timeout': return `timeout after ${f.timeoutMs}ms talking to ${f.peer}`;
    case 'pool': return `timeout acquiring connection from pool (${f.peer}) after ${f.waitedMs}ms`;
    case 'upstream': return f.detail;
    case 'canceled': return 'context canceled';
  }
}
