/** Jaeger's query parameters: µs integers (v1), RFC3339Nano (api_v3), Go durations, tag filters. */
import { parseGoDuration } from '../logql/literal.js';
import { HttpError } from '../ws/request.js';

function bad(message: string): never {
  throw new HttpError(400, message);
}

/** Unix µs from a v1 integer parameter, or the fallback when absent. */
export function microsParam(p: URLSearchParams, name: string, fallback: number): number {
  const v = p.get(name);
  if (v === null || v === '') return fallback;
  if (!/^-?\d+$/.test(v)) bad(`unable to parse param '${name}': strconv.ParseInt: parsing "${v}": invalid syntax`);
  return Number(v);
}

/** Unix µs from an RFC3339(Nano) value, rounding sub-µs digits up. */
export function rfc3339Micros(value: string, name: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(value.trim());
  const base = m ? Date.parse(`${m[1]}${m[3].toUpperCase()}`) : NaN;
  if (!m || Number.isNaN(base)) bad(`malformed parameter ${name}: parsing time "${value}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse`);
  return base * 1000 + Math.ceil(Number((m[2] ?? '').padEnd(9, '0')) / 1000);
}

/** A Go duration parameter in µs, undefined when absent. */
export function durationMicros(value: string | null, name: string, malformed: (name: string, detail: string) => string): number | undefined {
  if (value === null || value === '') return undefined;
  const seconds = parseGoDuration(value);
  if (seconds === undefined) bad(malformed(name, `time: invalid duration "${value}"`));
  return Math.round(seconds * 1_000_000);
}

/** The first present parameter among aliases (api_v3 accepts camelCase and snake_case). */
export function aliased(p: URLSearchParams, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = p.get(name);
    if (value !== null && value !== '') return { name, value };
  }
  return undefined;
}

/** A JSON object of string values, as `tags` (v1) and `query.attributes` (v3) carry. */
export function jsonTags(value: string, onError: (detail: string) => string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    return bad(onError((e as Error).message));
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) bad(onError('expected a JSON object'));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) out[k] = String(v);
  return out;
}
