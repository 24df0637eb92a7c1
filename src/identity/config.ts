/**
 * A context's own service conventions (`services` in the context, or OBS_SERVICE_CONVENTIONS):
 * checked when set, so a typo is an error naming the key and the fix rather than silent wrong
 * numbers, and turned into the same `Convention`s detection gives.
 */
import { ConfigError } from '../config/errors.js';
import type { ServiceConventionConfig, ServicesConfig } from '../config/types.js';
import { unitFromName, type Unit } from './conventions.js';
import type { Convention } from './types.js';
import { isRecord as isObject } from '../json/record.js';

const CONVENTION_KEYS = ['name', 'requests', 'errors', 'duration', 'unit', 'serviceLabel', 'codeLabel', 'errorCodes', 'selector'] as const;
const LIST_KEYS = ['alertLabels', 'logLabels'] as const;
export const SERVICES_KEYS: readonly string[] = [...CONVENTION_KEYS, 'conventions', ...LIST_KEYS];
const UNITS: Unit[] = ['seconds', 'milliseconds', 'microseconds'];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

type Where = (key: string) => string;

/** A problem at `key` (e.g. `services.conventions[0].unit`): named by `where`, located by its path in the file. */
function problemAt(where: Where, key: string, message: string, hint?: string): ConfigError {
  return new ConfigError(`${where(key)}: ${message}`, hint, key.split(/[.[\]]+/).filter(Boolean));
}

/** Throws a ConfigError naming `where` (e.g. `context "prod", key "services"`) and the fix. */
export function validateServicesConfig(where: Where, value: unknown): void {
  if (!isObject(value)) throw problemAt(where, 'services', 'expected an object');
  for (const [k, v] of Object.entries(value)) {
    if (!SERVICES_KEYS.includes(k)) throw problemAt(where, `services.${k}`, `unknown key (known: ${SERVICES_KEYS.join(', ')})`);
    if ((LIST_KEYS as readonly string[]).includes(k)) checkLabelList(where, `services.${k}`, v);
  }
  checkConvention(where, 'services', value);
  if (value.conventions === undefined) return;
  if (!Array.isArray(value.conventions) || value.conventions.length === 0) throw problemAt(where, 'services.conventions', 'expected a list of conventions, e.g. [{"requests":"http_requests_total","serviceLabel":"app"}]');
  value.conventions.forEach((c, i) => {
    const at = `services.conventions[${i}]`;
    if (!isObject(c)) throw problemAt(where, at, 'expected an object');
    for (const k of Object.keys(c)) if (!(CONVENTION_KEYS as readonly string[]).includes(k)) throw problemAt(where, `${at}.${k}`, `unknown key (known: ${CONVENTION_KEYS.join(', ')})`);
    checkConvention(where, at, c);
  });
}

function checkConvention(where: Where, at: string, c: Record<string, unknown>): void {
  const fail = (k: string, message: string, hint?: string) => problemAt(where, `${at}.${k}`, message, hint);
  for (const k of CONVENTION_KEYS) if (c[k] !== undefined && typeof c[k] !== 'string') throw fail(k, 'expected a string');
  for (const k of ['requests', 'errors', 'duration'] as const) {
    const metric = c[k] as string | undefined;
    if (metric === undefined || METRIC_NAME.test(metric)) continue;
    const brace = metric.indexOf('{');
    if (brace > 0 && metric.endsWith('}'))
      throw fail(k, `${JSON.stringify(metric)} is a selector, not a metric name`, `set ${k} to ${JSON.stringify(metric.slice(0, brace))} and selector to ${JSON.stringify(metric.slice(brace + 1, -1))}`);
    throw fail(k, `${JSON.stringify(metric)} is not a metric name (letters, digits, _ and :)`);
  }
  if (typeof c.duration === 'string' && c.duration.endsWith('_bucket'))
    throw fail('duration', "give the histogram's name without _bucket", `set duration to ${JSON.stringify(c.duration.slice(0, -'_bucket'.length))}`);
  for (const k of ['serviceLabel', 'codeLabel'] as const) {
    const label = c[k] as string | undefined;
    if (label !== undefined && !LABEL_NAME.test(label)) throw fail(k, `${JSON.stringify(label)} is not a label name (letters, digits and _, not starting with a digit)`);
  }
  if (typeof c.errorCodes === 'string') {
    const problem = regexProblem(c.errorCodes);
    if (problem) throw fail('errorCodes', problem);
  }
  if (c.unit !== undefined && !UNITS.includes(c.unit as Unit)) throw fail('unit', `expected one of ${UNITS.join(', ')}`);
  if (typeof c.selector === 'string') {
    const problem = matchersProblem(c.selector);
    if (problem) throw fail('selector', problem.message, problem.hint);
  }
  if (c.errors !== undefined && (c.codeLabel !== undefined || c.errorCodes !== undefined))
    throw fail('errors', 'give either an errors counter or codeLabel/errorCodes, not both');
}

/** What is wrong with a selector's matchers (`a="x", b=~"y|z"`, braces optional), or undefined. */
function matchersProblem(text: string): { message: string; hint?: string } | undefined {
  const inner = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < inner.length) {
    const start = MATCHER.lastIndex;
    const m = MATCHER.exec(inner);
    if (!m) return { message: `cannot read a matcher at ${JSON.stringify(inner.slice(start, start + 30))}`, hint: 'write matchers as label="value", separated by commas, e.g. env="prod", cluster=~"eu-.*"' };
    const [, label, op, value] = m;
    const problem = op === '=~' || op === '!~' ? regexProblem(JSON.parse(`"${value}"`) as string) : undefined;
    if (problem) return { message: `(${label}) ${problem}` };
    if (m[4] === '') break;
  }
  return undefined;
}

function regexProblem(regex: string): string | undefined {
  try {
    new RegExp(`^(?:${regex})$`);
    return undefined;
  } catch (e) {
    return `${JSON.stringify(regex)} is not a valid regex (${(e as Error).message})`;
  }
}

function checkLabelList(where: Where, key: string, v: unknown): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw problemAt(where, key, 'expected a list of label names');
  const bad = v.find((x) => !LABEL_NAME.test(x as string));
  if (bad !== undefined) throw problemAt(where, key, `${JSON.stringify(bad)} is not a label name`);
}

/** The context's conventions, or undefined when it sets none (then obs detects them). */
export function configuredConventions(services: ServicesConfig | undefined): Convention[] | undefined {
  if (!services) return undefined;
  const listed = services.conventions ?? [];
  const flat = (CONVENTION_KEYS as readonly string[]).some((k) => (services as Record<string, unknown>)[k] !== undefined) ? [services] : [];
  const all = [...flat, ...listed];
  if (all.length === 0) return undefined;
  return all.map((c, i) => toConvention(c, all.length === 1 ? 'configured' : `configured-${i + 1}`));
}

function toConvention(c: ServiceConventionConfig, defaultName: string): Convention {
  const requests = c.requests ?? (c.duration ? `${c.duration}_count` : 'http_requests_total');
  const duration = c.duration ?? (c.requests === undefined ? 'http_request_duration_seconds' : undefined);
  const errors = c.errors !== undefined
    ? { metric: c.errors, matcher: '' }
    : { label: c.codeLabel ?? 'code', regex: c.errorCodes ?? '5..' };
  return {
    name: c.name ?? defaultName,
    source: 'configured',
    serviceLabel: c.serviceLabel ?? 'service',
    requests,
    errors,
    ...(duration ? { duration: { metric: duration, unit: c.unit ?? unitFromName(duration) ?? 'seconds' } } : {}),
    ...(c.selector ? { selector: c.selector.trim().replace(/^\{([\s\S]*)\}$/, '$1') } : {}),
    services: [],
  };
}
