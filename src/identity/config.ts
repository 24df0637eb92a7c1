/**
 * A context's own service conventions (`services` in the context, or OBS_SERVICE_CONVENTIONS):
 * checked when set, so a typo is an error naming the key and the fix rather than silent wrong
 * numbers, and turned into the same `Convention`s detection gives.
 */
import { ConfigError } from '../config/errors.js';
import type { ServiceConventionConfig, ServicesConfig } from '../config/types.js';
import { unitFromName, type Unit } from './conventions.js';
import type { Convention } from './types.js';

const CONVENTION_KEYS = ['name', 'requests', 'errors', 'duration', 'unit', 'serviceLabel', 'codeLabel', 'errorCodes', 'selector'] as const;
const LIST_KEYS = ['alertLabels', 'logLabels'] as const;
export const SERVICES_KEYS: readonly string[] = [...CONVENTION_KEYS, 'conventions', ...LIST_KEYS];
const UNITS: Unit[] = ['seconds', 'milliseconds', 'microseconds'];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/** Throws a ConfigError naming `where` (e.g. `context "prod", key "services"`) and the fix. */
export function validateServicesConfig(where: (key: string) => string, value: unknown): void {
  if (!isObject(value)) throw new ConfigError(`${where('services')}: expected an object`);
  for (const [k, v] of Object.entries(value)) {
    if (!SERVICES_KEYS.includes(k)) throw new ConfigError(`${where(`services.${k}`)}: unknown key (known: ${SERVICES_KEYS.join(', ')})`);
    if ((LIST_KEYS as readonly string[]).includes(k)) checkLabelList(where(`services.${k}`), v);
  }
  checkConvention((k) => where(`services.${k}`), value);
  if (value.conventions === undefined) return;
  if (!Array.isArray(value.conventions) || value.conventions.length === 0) throw new ConfigError(`${where('services.conventions')}: expected a list of conventions, e.g. [{"requests":"http_requests_total","serviceLabel":"app"}]`);
  value.conventions.forEach((c, i) => {
    const at = (k: string) => where(`services.conventions[${i}]${k ? `.${k}` : ''}`);
    if (!isObject(c)) throw new ConfigError(`${at('')}: expected an object`);
    for (const k of Object.keys(c)) if (!(CONVENTION_KEYS as readonly string[]).includes(k)) throw new ConfigError(`${at(k)}: unknown key (known: ${CONVENTION_KEYS.join(', ')})`);
    checkConvention(at, c);
  });
}

function checkConvention(at: (key: string) => string, c: Record<string, unknown>): void {
  for (const k of CONVENTION_KEYS) if (c[k] !== undefined && typeof c[k] !== 'string') throw new ConfigError(`${at(k)}: expected a string`);
  for (const k of ['requests', 'errors', 'duration'] as const) {
    const metric = c[k] as string | undefined;
    if (metric === undefined || METRIC_NAME.test(metric)) continue;
    const brace = metric.indexOf('{');
    if (brace > 0 && metric.endsWith('}'))
      throw new ConfigError(`${at(k)}: ${JSON.stringify(metric)} is a selector, not a metric name`, `set ${k} to ${JSON.stringify(metric.slice(0, brace))} and selector to ${JSON.stringify(metric.slice(brace + 1, -1))}`);
    throw new ConfigError(`${at(k)}: ${JSON.stringify(metric)} is not a metric name (letters, digits, _ and :)`);
  }
  if (typeof c.duration === 'string' && c.duration.endsWith('_bucket'))
    throw new ConfigError(`${at('duration')}: give the histogram's name without _bucket`, `set duration to ${JSON.stringify(c.duration.slice(0, -'_bucket'.length))}`);
  for (const k of ['serviceLabel', 'codeLabel'] as const) {
    const label = c[k] as string | undefined;
    if (label !== undefined && !LABEL_NAME.test(label)) throw new ConfigError(`${at(k)}: ${JSON.stringify(label)} is not a label name (letters, digits and _, not starting with a digit)`);
  }
  if (typeof c.errorCodes === 'string') checkRegex(at('errorCodes'), c.errorCodes);
  if (c.unit !== undefined && !UNITS.includes(c.unit as Unit)) throw new ConfigError(`${at('unit')}: expected one of ${UNITS.join(', ')}`);
  if (typeof c.selector === 'string') parseMatchers(at('selector'), c.selector);
  if (c.errors !== undefined && (c.codeLabel !== undefined || c.errorCodes !== undefined))
    throw new ConfigError(`${at('errors')}: give either an errors counter or codeLabel/errorCodes, not both`);
}

/** Check a selector's matchers (`a="x", b=~"y|z"`, braces optional); throws naming what is wrong. */
export function parseMatchers(where: string, text: string): { label: string; op: string; value: string }[] {
  const inner = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const out: { label: string; op: string; value: string }[] = [];
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < inner.length) {
    const start = MATCHER.lastIndex;
    const m = MATCHER.exec(inner);
    if (!m) throw new ConfigError(`${where}: cannot read a matcher at ${JSON.stringify(inner.slice(start, start + 30))}`, 'write matchers as label="value", separated by commas, e.g. env="prod", cluster=~"eu-.*"');
    const [, label, op, value] = m;
    if (op === '=~' || op === '!~') checkRegex(`${where} (${label})`, JSON.parse(`"${value}"`) as string);
    out.push({ label: label!, op: op!, value: value! });
    if (m[4] === '') break;
  }
  return out;
}

function checkRegex(where: string, regex: string): void {
  try {
    new RegExp(`^(?:${regex})$`);
  } catch (e) {
    throw new ConfigError(`${where}: ${JSON.stringify(regex)} is not a valid regex (${(e as Error).message})`);
  }
}

function checkLabelList(where: string, v: unknown): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: expected a list of label names`);
  const bad = v.find((x) => !LABEL_NAME.test(x as string));
  if (bad !== undefined) throw new ConfigError(`${where}: ${JSON.stringify(bad)} is not a label name`);
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
