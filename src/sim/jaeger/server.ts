/**
 * The demo world's traces served as Jaeger's query APIs: api_v3 (OTLP/JSON) under /api/v3 and the internal v1
 * JSON API under /api, including /api/dependencies with call counts from the model. Errors come in each API's
 * JSON shape with a text/plain content type, as Jaeger sends them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tracesOf, type SimTrace, type TraceSearch, type TraceStore } from '../traces/index.js';
import type { World } from '../world/world.js';
import { handle, HttpError, readParams, sendJson, type SimServerOptions } from '../ws/request.js';
import { toResourceSpans, toSummary, toV1Trace } from './convert.js';
import { aliased, durationMicros, jsonTags, microsParam, rfc3339Micros } from './params.js';

const TEXT = 'text/plain; charset=utf-8';
const DEFAULT_LIMIT = 100;
const DEFAULT_LOOKBACK_US = 2 * 86_400_000_000;
const DAY_MS = 86_400_000;

export function createJaegerServer(world: World, options: SimServerOptions = {}): Server {
  const now = options.now ?? Date.now;
  const api = new JaegerApi(tracesOf(world, now), now);
  return createServer(
    handle(
      (req, res, url) => api.route(req, res, url),
      (res, status, message, url) =>
        url.pathname.startsWith('/api/v3/')
          ? sendJson(res, status, { error: { httpCode: status, message } }, TEXT)
          : sendJson(res, status, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg: message }] }, TEXT),
    ),
  );
}

function envelope(data: unknown, total = 0, errors: { code: number; msg: string; traceID?: string }[] | null = null) {
  return { data, total, limit: 0, offset: 0, errors };
}

function malformed(name: string, detail: string): string {
  return `malformed parameter ${name}: ${detail}`;
}

class JaegerApi {
  constructor(
    private readonly store: TraceStore,
    private readonly now: () => number,
  ) {}

  async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') throw new HttpError(405, 'method not allowed');
    const p = await readParams(req, url);
    const path = url.pathname.replace(/\/+$/, '');
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    if (segments[0] !== 'api') throw new HttpError(404, '404 page not found');
    if (segments[1] === 'v3') return this.v3(res, segments.slice(2), p);
    return this.v1(res, segments.slice(1), p);
  }

  // ---- api_v3 -------------------------------------------------------------------------------------------------

  private v3(res: ServerResponse, s: string[], p: URLSearchParams): void {
    if (s.length === 1 && s[0] === 'services') return sendJson(res, 200, { services: this.store.services() });
    if (s.length === 1 && s[0] === 'operations') {
      const kind = aliased(p, 'spanKind', 'span_kind')?.value;
      const ops = this.store.operations(p.get('service') ?? '').filter((o) => !kind || o.spanKind === kind);
      return sendJson(res, 200, { operations: ops });
    }
    if (s.length === 2 && s[0] === 'traces') {
      const id = s[1];
      if (!/^[0-9a-fA-F]{1,32}$/.test(id)) throw new HttpError(400, malformed('trace_id', `invalid trace ID "${id}"`));
      const trace = this.store.get(id);
      if (!trace) throw new HttpError(404, 'No traces found');
      return sendJson(res, 200, { result: { resourceSpans: toResourceSpans([trace]) } });
    }
    if (s.length === 1 && (s[0] === 'traces' || s[0] === 'trace-summaries')) {
      const traces = this.store.search(this.v3Search(p));
      if (traces.length === 0) throw new HttpError(404, 'No traces found');
      if (s[0] === 'trace-summaries') return sendJson(res, 200, { summaries: traces.map(toSummary) });
      return sendJson(res, 200, { result: { resourceSpans: toResourceSpans(traces) } });
    }
    throw new HttpError(404, '404 page not found');
  }

  private v3Search(p: URLSearchParams): TraceSearch {
    const min = aliased(p, 'query.startTimeMin', 'query.start_time_min');
    const max = aliased(p, 'query.startTimeMax', 'query.start_time_max');
    if (!min || !max) throw new HttpError(400, 'query.startTimeMin and query.startTimeMax are required');
    const startUs = rfc3339Micros(min.value, min.name);
    const endUs = rfc3339Micros(max.value, max.name);
    if (endUs <= startUs) throw new HttpError(400, `${max.name} must be after ${min.name}`);
    const depth = aliased(p, 'query.searchDepth', 'query.search_depth', 'query.num_traces');
    const limit = depth ? Number(depth.value) : DEFAULT_LIMIT;
    if (depth && (!Number.isInteger(limit) || limit <= 0)) throw new HttpError(400, malformed(depth.name, `invalid search depth "${depth.value}"`));
    const durMin = aliased(p, 'query.durationMin', 'query.duration_min');
    const durMax = aliased(p, 'query.durationMax', 'query.duration_max');
    const attrs = aliased(p, 'query.attributes');
    return {
      startUs,
      endUs,
      service: aliased(p, 'query.serviceName', 'query.service_name')?.value,
      operation: aliased(p, 'query.operationName', 'query.operation_name')?.value,
      tags: attrs ? jsonTags(attrs.value, (d) => malformed('query.attributes', d)) : undefined,
      minDurationUs: durationMicros(durMin?.value ?? null, durMin?.name ?? '', malformed),
      maxDurationUs: durationMicros(durMax?.value ?? null, durMax?.name ?? '', malformed),
      limit,
    };
  }

  // ---- internal v1 JSON ---------------------------------------------------------------------------------------

  private v1(res: ServerResponse, s: string[], p: URLSearchParams): void {
    if (s.length === 1 && s[0] === 'services') {
      const services = this.store.services();
      return sendJson(res, 200, envelope(services, services.length));
    }
    if (s.length === 3 && s[0] === 'services' && s[2] === 'operations') {
      const names = this.store.operations(s[1]).map((o) => o.name);
      return sendJson(res, 200, envelope(names, names.length));
    }
    if (s.length === 1 && s[0] === 'operations') {
      const service = p.get('service');
      if (!service) throw new HttpError(400, "parameter 'service' is required");
      const kind = p.get('spanKind');
      const ops = this.store.operations(service).filter((o) => !kind || o.spanKind === kind);
      return sendJson(res, 200, envelope(ops, ops.length));
    }
    if (s.length === 2 && s[0] === 'traces') {
      const trace = /^[0-9a-fA-F]{1,32}$/.test(s[1]) ? this.store.get(s[1]) : undefined;
      if (!trace) {
        if (!/^[0-9a-fA-F]{1,32}$/.test(s[1])) throw new HttpError(400, `malformed trace ID: ${s[1]}`);
        throw new HttpError(404, 'trace not found');
      }
      return sendJson(res, 200, envelope([toV1Trace(trace)]));
    }
    if (s.length === 1 && s[0] === 'traces') return this.v1Search(res, p);
    if (s.length === 1 && s[0] === 'dependencies') {
      const endMs = microsParam(p, 'endTs', this.now());
      const lookbackMs = microsParam(p, 'lookback', DAY_MS);
      const service = p.get('service');
      const deps = this.store.dependencies(endMs, lookbackMs).filter((d) => !service || d.parent === service || d.child === service);
      return sendJson(res, 200, envelope(deps));
    }
    throw new HttpError(404, '404 page not found');
  }

  private v1Search(res: ServerResponse, p: URLSearchParams): void {
    const ids = p.getAll('traceID');
    if (ids.length > 0) {
      const found: SimTrace[] = [];
      const errors: { code: number; msg: string; traceID: string }[] = [];
      for (const id of ids) {
        const t = /^[0-9a-fA-F]{1,32}$/.test(id) ? this.store.get(id) : undefined;
        if (t) found.push(t);
        else errors.push({ code: 404, msg: 'trace not found', traceID: id });
      }
      return sendJson(res, 200, envelope(found.map(toV1Trace), 0, errors.length > 0 ? errors : null));
    }
    const service = p.get('service');
    if (!service) throw new HttpError(400, "parameter 'service' is required");
    const endUs = microsParam(p, 'end', this.now() * 1000);
    const startUs = microsParam(p, 'start', endUs - DEFAULT_LOOKBACK_US);
    const limitText = p.get('limit');
    const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new HttpError(400, `unable to parse param 'limit': strconv.Atoi: parsing "${limitText}": invalid syntax`);
    const v1Malformed = (name: string, detail: string) => `unable to parse param '${name}': ${detail}`;
    const minDurationUs = durationMicros(p.get('minDuration'), 'minDuration', v1Malformed);
    const maxDurationUs = durationMicros(p.get('maxDuration'), 'maxDuration', v1Malformed);
    if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
      throw new HttpError(400, "'maxDuration' should be greater than 'minDuration'");
    }
    const tags: Record<string, string> = {};
    const tagsJson = p.get('tags');
    if (tagsJson) Object.assign(tags, jsonTags(tagsJson, (d) => `malformed 'tags' parameter: ${d}`));
    for (const t of p.getAll('tag')) {
      const at = t.indexOf(':');
      if (at <= 0) throw new HttpError(400, `malformed 'tag' parameter, expecting key:value, received: ${t}`);
      tags[t.slice(0, at)] = t.slice(at + 1);
    }
    const traces = this.store.search({
      startUs,
      endUs,
      service,
      operation: p.get('operation') || undefined,
      tags: Object.keys(tags).length > 0 ? tags : undefined,
      minDurationUs,
      maxDurationUs,
      limit: limit === 0 ? DEFAULT_LIMIT : limit,
    });
    sendJson(res, 200, envelope(traces.map(toV1Trace)));
  }
}
