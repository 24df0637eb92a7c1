/** Span names and kinds for each kind of service, as OpenTelemetry instrumentation would name them. */
import type { ServiceKind } from '../world/world.js';
import type { SpanKind } from './span.js';

const POST_ROUTES = new Set(['/checkout', '/login', '/verify', '/recommend', '/charge']);
const DB_STATEMENTS = [
  { op: 'SELECT', statement: 'SELECT id, status, amount FROM payments WHERE order_id = $1' },
  { op: 'INSERT', statement: 'INSERT INTO payments (order_id, amount, currency, status) VALUES ($1, $2, $3, $4)' },
  { op: 'UPDATE', statement: 'UPDATE payments SET status = $1, updated_at = now() WHERE id = $2' },
];

export function isHttp(kind: ServiceKind): boolean {
  return kind === 'edge' || kind === 'service' || kind === 'inference';
}

export function httpMethod(route: string): string {
  return POST_ROUTES.has(route) ? 'POST' : 'GET';
}

export function spanKindOf(kind: ServiceKind): SpanKind {
  if (isHttp(kind)) return 'server';
  return kind === 'queue' ? 'producer' : 'client';
}

/** The `index`-th call of a route to a database is the `index`-th statement of the payment transaction. */
export function dbStatement(index: number): { op: string; statement: string } {
  return DB_STATEMENTS[index % DB_STATEMENTS.length];
}

export function operationName(kind: ServiceKind, service: string, route: string, callIndex = 0): string {
  if (isHttp(kind)) return `${httpMethod(route)} ${route}`;
  if (kind === 'database') return `${dbStatement(callIndex).op} ${service.replace(/-db$/, '')}`;
  if (kind === 'queue') return `orders ${route}`;
  return route;
}

/** Every operation a service can report: one per route, or per statement for databases. */
export function operationsOf(kind: ServiceKind, service: string, routes: string[], maxCalls: number): string[] {
  if (kind === 'database') return Array.from({ length: Math.min(maxCalls, DB_STATEMENTS.length) }, (_, i) => operationName(kind, service, routes[0], i));
  return routes.map((r) => operationName(kind, service, r));
}
