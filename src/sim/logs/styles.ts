/**
 * How each service of the demo world writes its logs: one line per request it served (at the end of its span),
 * background lines (checkpoints, saves, connections), lines that only the broken component writes while the
 * fault is on, and startup lines after a (re)start. Every request line carries the trace and span IDs.
 */
import { failureMessage, type SimSpan, type SimTrace } from '../traces/span.js';
import { goDuration, isoMicros, isoMillis, redisTime, spaced, spacedMicrosOffset } from './time-format.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Rendered {
  level: Level;
  line: string;
}

export interface Timed extends Rendered {
  tsUs: number;
}

/** Deterministic uniform draws in [0, 1). */
export type Draw = () => number;

export interface Background {
  perMinute: number;
  /** lines of one occurrence starting at tsUs, each at most a few seconds later */
  render(tsUs: number, u: Draw): Timed[];
}

export interface LogStyle {
  /** levels the service logs at: the values its streams' `level` label takes */
  levels: Level[];
  request?(span: SimSpan, trace: SimTrace, u: Draw): Rendered | undefined;
  background: Background[];
  /** while the service is the broken component, at full strength */
  incident?: Background[];
  startup(tsUs: number, version: string): Rendered;
}

function logfmtValue(v: string | number): string {
  const s = String(v);
  return s === '' || /[\s="\\]/.test(s) ? JSON.stringify(s) : s;
}

function logfmt(fields: Record<string, string | number | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${logfmtValue(v!)}`)
    .join(' ');
}

function durationUs(span: SimSpan): number {
  return span.endUs - span.startUs;
}

function levelOf(span: SimSpan, slowUs: number): Level {
  if (span.failure) return span.failure.kind === 'canceled' ? 'warn' : 'error';
  return durationUs(span) > slowUs ? 'warn' : 'info';
}

const UPPER: Record<Level, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

function at(tsUs: number, r: Rendered): Timed {
  return { tsUs, ...r };
}

function int(u: Draw, lo: number, hi: number): number {
  return lo + Math.floor(u() * (hi - lo));
}

/** frontend: JSON access log */
const frontend: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace) {
    const status = span.status ?? 200;
    const level: Level = span.failure ? 'error' : status >= 400 ? 'warn' : 'info';
    const msg = span.failure ? failureMessage(span.failure) : status === 404 ? 'not found' : 'request completed';
    return {
      level,
      line: JSON.stringify({
        time: isoMillis(span.endUs), level, msg, method: span.attributes['http.request.method'], path: span.attributes['url.path'],
        status, duration_ms: Math.round(durationUs(span)) / 1000, user_id: trace.userId, trace_id: trace.traceId, span_id: span.spanId,
      }),
    };
  },
  background: [
    {
      perMinute: 2,
      render: (ts, u) => [at(ts, { level: 'info', line: JSON.stringify({ time: isoMillis(ts), level: 'info', msg: 'upstream pool stats', idle: int(u, 2, 30), active: int(u, 1, 40) }) })],
    },
  ],
  startup: (ts, version) => ({ level: 'info', line: JSON.stringify({ time: isoMillis(ts), level: 'info', msg: 'server started', version, port: 8080 }) }),
};

const CHECKOUT_MESSAGES: Record<string, string> = { '/checkout': 'order placed', '/cart': 'cart fetched' };

/** checkout: logfmt */
const checkout: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace) {
    const level = levelOf(span, 800_000);
    const msg = span.failure
      ? span.failure.kind === 'canceled' ? 'request canceled by client' : failureMessage(span.failure)
      : level === 'warn' ? 'slow request' : CHECKOUT_MESSAGES[span.route] ?? 'request completed';
    return {
      level,
      line: logfmt({
        ts: isoMicros(span.endUs), level, msg, route: span.route, status: span.status, order_id: span.attributes['order.id'] as string | undefined,
        duration: goDuration(durationUs(span)), user: trace.userId, trace_id: trace.traceId, span_id: span.spanId,
      }),
    };
  },
  background: [
    { perMinute: 1, render: (ts, u) => [at(ts, { level: 'info', line: logfmt({ ts: isoMicros(ts), level: 'info', msg: 'promo codes refreshed', count: int(u, 40, 60) }) })] },
  ],
  startup: (ts, version) => ({ level: 'info', line: logfmt({ ts: isoMicros(ts), level: 'info', msg: 'starting checkout', version, listen: ':8080' }) }),
};

/** auth: logfmt */
const auth: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace, u) {
    const login = span.route === '/login';
    const refused = login && !span.failure && u() < 0.04;
    const level: Level = refused ? 'warn' : levelOf(span, 500_000);
    const msg = span.failure ? failureMessage(span.failure) : refused ? 'login failed: invalid credentials' : login ? 'login succeeded' : 'token verified';
    return { level, line: logfmt({ ts: isoMicros(span.endUs), level, msg, user: trace.userId, duration: goDuration(durationUs(span)), trace_id: trace.traceId, span_id: span.spanId }) };
  },
  background: [
    { perMinute: 0.5, render: (ts) => [at(ts, { level: 'info', line: logfmt({ ts: isoMicros(ts), level: 'info', msg: 'signing keys rotated', kid: `k${Math.floor(ts / 3.6e9)}` }) })] },
  ],
  startup: (ts, version) => ({ level: 'info', line: logfmt({ ts: isoMicros(ts), level: 'info', msg: 'auth service listening', version, addr: ':8080' }) }),
};

/** cart: Go slog text handler */
const cart: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace) {
    const level = levelOf(span, 200_000);
    const msg = span.failure ? failureMessage(span.failure) : level === 'warn' ? 'slow cart load' : 'cart loaded';
    const missed = trace.spans.some((s) => s.parentSpanId === span.spanId && s.attributes['cache.hit'] === false);
    return {
      level,
      line: logfmt({ time: isoMillis(span.endUs), level: UPPER[level], msg, user: trace.userId, cache: missed ? 'miss' : 'hit', duration: goDuration(durationUs(span)), trace_id: trace.traceId }),
    };
  },
  background: [],
  startup: (ts, version) => ({ level: 'info', line: logfmt({ time: isoMillis(ts), level: 'INFO', msg: 'cart service started', version }) }),
};

function javaLine(ts: number, level: Level, thread: string, logger: string, text: string): Rendered {
  return { level, line: `${spaced(ts)} ${UPPER[level].padEnd(5)} [${thread}] ${logger} - ${text}` };
}

/** payments: Java (Spring Boot / logback) */
const payments: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace, u) {
    const thread = `http-nio-8080-exec-${int(u, 1, 40)}`;
    const ids = `trace_id=${trace.traceId} span_id=${span.spanId}`;
    const f = span.failure;
    if (f?.kind === 'pool') {
      return javaLine(span.endUs, 'error', thread, 'HikariPool', `HikariPool-1 - Connection is not available, request timed out after ${f.waitedMs}ms. ${ids}`);
    }
    if (f?.kind === 'canceled') return javaLine(span.endUs, 'warn', thread, 'PaymentService', `request cancelled by client after ${f.afterMs}ms ${ids}`);
    if (f) return javaLine(span.endUs, 'error', thread, 'PaymentService', `${failureMessage(f)} ${ids}`);
    const amount = Number(span.attributes['payment.amount'] ?? 0).toFixed(2);
    return javaLine(span.endUs, 'info', thread, 'PaymentService', `charge authorized amount=${amount} currency=EUR duration=${Math.round(durationUs(span) / 1000)}ms ${ids}`);
  },
  background: [
    { perMinute: 1, render: (ts, u) => [at(ts, javaLine(ts, 'info', 'HikariPool-1 housekeeper', 'HikariPool', `HikariPool-1 - Pool stats (total=20, active=${int(u, 0, 6)}, idle=${int(u, 14, 20)}, waiting=0)`))] },
  ],
  startup: (ts, version) => javaLine(ts, 'info', 'main', 'PaymentsApplication', `Started PaymentsApplication in 6.4 seconds (version ${version})`),
};

function pgLine(ts: number, pid: number, severity: 'LOG' | 'ERROR' | 'WARNING', text: string): Rendered {
  const level: Level = severity === 'ERROR' ? 'error' : severity === 'WARNING' ? 'warn' : 'info';
  return { level, line: `${spaced(ts)} UTC [${pid}] ${severity}:  ${text}` };
}

/** payments-db: PostgreSQL, log_min_duration_statement = 250ms; statements carry sqlcommenter traceparent comments */
const paymentsDb: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace, u) {
    const us = durationUs(span);
    if (!span.failure && us < 250_000) return undefined;
    const pid = int(u, 1000, 9000);
    const statement = `${span.attributes['db.query.text']} /*traceparent='00-${trace.traceId}-${span.spanId}-01'*/`;
    if (span.failure?.kind === 'canceled') return pgLine(span.endUs, pid, 'ERROR', `canceling statement due to user request; statement: ${statement}`);
    if (span.failure) return pgLine(span.endUs, pid, 'ERROR', `${failureMessage(span.failure)}; statement: ${statement}`);
    return pgLine(span.endUs, pid, 'LOG', `duration: ${(us / 1000).toFixed(3)} ms  statement: ${statement}`);
  },
  background: [
    {
      perMinute: 0.2,
      render: (ts, u) => [
        at(ts, pgLine(ts, 61, 'LOG', 'checkpoint starting: time')),
        at(ts + 2_000_000, pgLine(ts + 2_000_000, 61, 'LOG', `checkpoint complete: wrote ${int(u, 200, 3000)} buffers (${(u() * 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled`)),
      ],
    },
    { perMinute: 3, render: (ts, u) => [at(ts, pgLine(ts, int(u, 1000, 9000), 'LOG', 'connection authorized: user=payments database=payments application_name=PostgreSQL JDBC Driver'))] },
    { perMinute: 0.3, render: (ts, u) => [at(ts, pgLine(ts, int(u, 1000, 9000), 'LOG', `automatic vacuum of table "payments.public.payments": index scans: 1, tuples: ${int(u, 100, 5000)} removed`))] },
  ],
  incident: [
    {
      perMinute: 20,
      render: (ts, u) => {
        const pid = int(u, 1000, 9000);
        const xid = int(u, 9_000_000, 9_900_000);
        const later = ts + int(u, 200_000, 3_000_000);
        return [
          at(ts, pgLine(ts, pid, 'LOG', `process ${pid} still waiting for ShareLock on transaction ${xid} after 1000.${int(u, 100, 999)} ms`)),
          at(later, pgLine(later, pid, 'LOG', `process ${pid} acquired ShareLock on transaction ${xid} after ${int(u, 1200, 4000)}.${int(u, 100, 999)} ms`)),
        ];
      },
    },
  ],
  startup: (ts) => pgLine(ts, 1, 'LOG', 'database system is ready to accept connections'),
};

function redisLine(ts: number, mark: '*' | '#' | '-', text: string): Rendered {
  return { level: mark === '#' ? 'warn' : 'info', line: `1:M ${redisTime(ts)} ${mark} ${text}` };
}

/** cart-cache: Redis */
const cartCache: LogStyle = {
  levels: ['info', 'warn'],
  request(span) {
    if (!span.failure || span.failure.kind === 'canceled') return undefined;
    return redisLine(span.endUs, '#', `${failureMessage(span.failure)} (client addr=${span.pod})`);
  },
  background: [
    {
      perMinute: 0.25,
      render: (ts, u) => {
        const pid = int(u, 100, 900);
        const steps: [number, string][] = [
          [0, '100 changes in 300 seconds. Saving...'],
          [1000, `Background saving started by pid ${pid}`],
          [900_000, 'DB saved on disk'],
          [1_000_000, 'Background saving terminated with success'],
        ];
        return steps.map(([d, text]) => at(ts + d, redisLine(ts + d, '*', text)));
      },
    },
  ],
  incident: [
    { perMinute: 6, render: (ts, u) => [at(ts, redisLine(ts, '#', `WARNING: maxmemory reached, evicted ${int(u, 500, 5000)} keys (used_memory=1.50G maxmemory=1.50G)`))] },
  ],
  startup: (ts) => redisLine(ts, '*', 'Ready to accept connections tcp'),
};

/** inference: Python logging */
const inference: LogStyle = {
  levels: ['info', 'error'],
  request(span, trace) {
    const level: Level = span.failure && span.failure.kind !== 'canceled' ? 'error' : 'info';
    const what = span.failure ? failureMessage(span.failure) : 'recommend';
    return {
      level,
      line: `${spaced(span.endUs, ',')} ${UPPER[level]} recs.server: ${what} model=${span.attributes['gen_ai.request.model']} tokens_in=${span.attributes['gen_ai.usage.input_tokens']} latency_ms=${(durationUs(span) / 1000).toFixed(1)} trace_id=${trace.traceId}`,
    };
  },
  background: [
    { perMinute: 1, render: (ts, u) => [at(ts, { level: 'info', line: `${spaced(ts, ',')} INFO recs.batcher: batch stats size_p50=${int(u, 2, 9)} queue=${int(u, 0, 20)} gpu_util=${(0.3 + u() * 0.5).toFixed(2)}` })] },
  ],
  startup: (ts, version) => ({ level: 'info', line: `${spaced(ts, ',')} INFO uvicorn.error: Application startup complete. version=${version}` }),
};

function rabbitLine(ts: number, level: 'info' | 'warning', text: string): Rendered {
  return { level: level === 'warning' ? 'warn' : 'info', line: `${spacedMicrosOffset(ts)} [${level}] <0.${Math.floor(ts / 1e6) % 9000}.0> ${text}` };
}

/** orders-queue: RabbitMQ */
const ordersQueue: LogStyle = {
  levels: ['info', 'warn'],
  background: [
    {
      perMinute: 2,
      render: (ts, u) => {
        const conn = `10.0.1.${int(u, 2, 250)}:${int(u, 30000, 60000)} -> 10.0.2.7:5672`;
        return [
          at(ts, rabbitLine(ts, 'info', `accepting AMQP connection (${conn})`)),
          at(ts + 3000, rabbitLine(ts + 3000, 'info', `connection (${conn}): user 'checkout' authenticated and granted access to vhost '/'`)),
        ];
      },
    },
    { perMinute: 0.3, render: (ts, u) => [at(ts, rabbitLine(ts, 'warning', `closing AMQP connection (10.0.1.${int(u, 2, 250)}:${int(u, 30000, 60000)} -> 10.0.2.7:5672, vhost: '/', user: 'checkout'): client unexpectedly closed TCP connection`))] },
  ],
  startup: (ts) => rabbitLine(ts, 'info', 'Server startup complete; 4 plugins started.'),
};

/** any other service: logfmt */
const generic: LogStyle = {
  levels: ['info', 'warn', 'error'],
  request(span, trace) {
    const level = levelOf(span, 1_000_000);
    const msg = span.failure ? failureMessage(span.failure) : 'request completed';
    return { level, line: logfmt({ ts: isoMicros(span.endUs), level, msg, op: span.name, duration: goDuration(durationUs(span)), trace_id: trace.traceId }) };
  },
  background: [],
  startup: (ts, version) => ({ level: 'info', line: logfmt({ ts: isoMicros(ts), level: 'info', msg: 'started', version }) }),
};

const STYLES: Record<string, LogStyle> = {
  frontend, checkout, auth, cart, payments, 'payments-db': paymentsDb, 'cart-cache': cartCache, inference, 'orders-queue': ordersQueue,
};

export function styleOf(service: string): LogStyle {
  return STYLES[service] ?? generic;
}
