/**
 * Pure normalisers from Alertmanager v2 (`GET /api/v2/alerts`, `GET /api/v2/alerts/groups`) and
 * Prometheus (`GET /api/v1/alerts`) into the obs alert model, and the merge that deduplicates them.
 */
import { labelsFingerprint } from './fingerprint.js';
import type { Alert, AlertGroupRef, AlertSource, AlertState } from './model.js';
import { isRecord } from '../json/record.js';

type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

/** RFC3339 to ms; Go's zero time ("0001-01-01T00:00:00Z") and garbage give undefined. */
function time(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export interface AlertmanagerOptions {
  /** Alerts whose `endsAt` is at or before `now` are `resolved` (replayed files hold such alerts). */
  now?: number;
}

function fromAlertmanagerItem(item: Json, groups: AlertGroupRef[], options: AlertmanagerOptions): Alert | undefined {
  const labels = stringMap(item.labels);
  const startsAt = time(item.startsAt);
  if (startsAt === undefined) return undefined;
  const status = isRecord(item.status) ? item.status : {};
  const endsAt = time(item.endsAt);
  const state: AlertState = options.now !== undefined && endsAt !== undefined && endsAt <= options.now ? 'resolved' : 'firing';
  const alert: Alert = {
    fingerprint: typeof item.fingerprint === 'string' && item.fingerprint !== '' ? item.fingerprint : labelsFingerprint(labels),
    name: labels.alertname ?? '',
    labels,
    annotations: stringMap(item.annotations),
    state,
    silenced: nonEmpty(status.silencedBy),
    inhibited: nonEmpty(status.inhibitedBy),
    inhibitedBy: asArray(status.inhibitedBy).map(String),
    muted: nonEmpty(status.mutedBy),
    startsAt,
    receivers: asArray(item.receivers).filter(isRecord).map((r) => String(r.name ?? '')).filter((n) => n !== ''),
    groups,
    sources: ['alertmanager'],
  };
  if (endsAt !== undefined) alert.endsAt = endsAt;
  const updatedAt = time(item.updatedAt);
  if (updatedAt !== undefined) alert.updatedAt = updatedAt;
  if (typeof item.generatorURL === 'string' && item.generatorURL !== '') alert.generatorURL = item.generatorURL;
  return alert;
}

/**
 * `GET /api/v2/alerts` (an array of gettableAlert): the format `--replay FILE` reads too. Items
 * without a valid `startsAt` are skipped.
 */
export function fromAlertmanagerAlerts(body: unknown, options: AlertmanagerOptions = {}): Alert[] {
  if (!Array.isArray(body)) throw new TypeError('not an Alertmanager alert list: expected an array of alerts');
  return body.filter(isRecord).map((item) => fromAlertmanagerItem(item, [], options)).filter((a): a is Alert => a !== undefined);
}

/**
 * `GET /api/v2/alerts/groups`: the alerts of every group, each carrying the groups it is in (the same
 * fingerprint can be in several), merged to one alert per fingerprint.
 */
export function fromAlertmanagerGroups(body: unknown, options: AlertmanagerOptions = {}): Alert[] {
  if (!Array.isArray(body)) throw new TypeError('not an Alertmanager group list: expected an array of groups');
  const alerts: Alert[] = [];
  for (const group of body.filter(isRecord)) {
    const ref: AlertGroupRef = {
      receiver: isRecord(group.receiver) ? String(group.receiver.name ?? '') : '',
      labels: stringMap(group.labels),
    };
    for (const item of asArray(group.alerts).filter(isRecord)) {
      const alert = fromAlertmanagerItem(item, [ref], options);
      if (alert) alerts.push(alert);
    }
  }
  return mergeAlerts(alerts);
}

/**
 * `GET /api/v1/alerts` of Prometheus (or a Prometheus-compatible ruler): pending and firing alerts.
 * Accepts the envelope `{status, data: {alerts}}`, `{alerts}` or the bare array. The fingerprint is
 * the one Alertmanager would compute for the same labels.
 */
export function fromPrometheusAlerts(body: unknown): Alert[] {
  const data = isRecord(body) && isRecord(body.data) ? body.data : body;
  const list = isRecord(data) ? data.alerts : data;
  if (!Array.isArray(list)) throw new TypeError('not a Prometheus alerts answer: expected {data: {alerts: [...]}}');
  const alerts: Alert[] = [];
  for (const item of list.filter(isRecord)) {
    const startsAt = time(item.activeAt);
    if (startsAt === undefined) continue;
    const labels = stringMap(item.labels);
    alerts.push({
      fingerprint: labelsFingerprint(labels),
      name: labels.alertname ?? '',
      labels,
      annotations: stringMap(item.annotations),
      state: item.state === 'pending' ? 'pending' : 'firing',
      silenced: false,
      inhibited: false,
      inhibitedBy: [],
      muted: false,
      startsAt,
      receivers: [],
      groups: [],
      sources: ['prometheus'],
    });
  }
  return alerts;
}

/** A stable key for an Alertmanager group: receiver and sorted group labels. */
export function alertGroupKey(ref: AlertGroupRef): string {
  const labels = Object.keys(ref.labels).sort().map((k) => `${k}=${JSON.stringify(ref.labels[k])}`);
  return `${ref.receiver}{${labels.join(',')}}`;
}

const STATE_RANK: Record<AlertState, number> = { resolved: 0, pending: 1, firing: 2 };

function union<T>(a: T[], b: T[], key: (x: T) => string = String): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))];
}

function combine(a: Alert, b: Alert): Alert {
  const fromAm = (x: Alert) => x.sources.includes('alertmanager');
  // Alertmanager knows silences, receivers and the time it started firing; Prometheus only the rule.
  const [main, other] = fromAm(b) && !fromAm(a) ? [b, a] : [a, b];
  const merged: Alert = {
    ...main,
    labels: { ...other.labels, ...main.labels },
    annotations: { ...other.annotations, ...main.annotations },
    state: STATE_RANK[a.state] >= STATE_RANK[b.state] ? a.state : b.state,
    silenced: a.silenced || b.silenced,
    inhibited: a.inhibited || b.inhibited,
    inhibitedBy: union(main.inhibitedBy, other.inhibitedBy),
    muted: a.muted || b.muted,
    startsAt: fromAm(main) ? main.startsAt : Math.min(a.startsAt, b.startsAt),
    receivers: union(main.receivers, other.receivers),
    groups: union(main.groups, other.groups, alertGroupKey),
    sources: union<AlertSource>(main.sources, other.sources),
  };
  const endsAt = Math.max(a.endsAt ?? -Infinity, b.endsAt ?? -Infinity);
  if (Number.isFinite(endsAt)) merged.endsAt = endsAt;
  else delete merged.endsAt;
  return merged;
}

/** The Alertmanager fingerprint of a Prometheus alert whose labels it holds plus extra (external) labels. */
function matchBySubset(alert: Alert, byName: Map<string, Alert[]>): string | undefined {
  const entries = Object.entries(alert.labels);
  const matches = (byName.get(alert.name) ?? []).filter((am) => entries.every(([k, v]) => am.labels[k] === v));
  const fingerprints = new Set(matches.map((m) => m.fingerprint));
  return fingerprints.size === 1 ? [...fingerprints][0] : undefined;
}

/**
 * Merge alert lists from any sources into one alert per fingerprint and episode. A Prometheus alert
 * meets its Alertmanager copy by fingerprint, or, when Prometheus added external labels on the way
 * (so the fingerprints differ), by being the only Alertmanager alert of that name holding all its
 * labels. Copies that overlap in time become one alert; an alert that ended (`endsAt`) before its
 * next copy started resolved and fired again: it stays two alerts with the same fingerprint (two
 * episodes). The result is in time order.
 */
export function mergeAlerts(...lists: Alert[][]): Alert[] {
  const all = lists.flat();
  const amByName = new Map<string, Alert[]>();
  const amFingerprints = new Set<string>();
  for (const a of all) {
    if (!a.sources.includes('alertmanager')) continue;
    amFingerprints.add(a.fingerprint);
    const list = amByName.get(a.name);
    if (list) list.push(a);
    else amByName.set(a.name, [a]);
  }
  const byFingerprint = new Map<string, Alert[]>();
  for (const a of all) {
    let fingerprint = a.fingerprint;
    if (!a.sources.includes('alertmanager') && !amFingerprints.has(fingerprint)) {
      fingerprint = matchBySubset(a, amByName) ?? fingerprint;
    }
    const list = byFingerprint.get(fingerprint);
    const entry = fingerprint === a.fingerprint ? a : { ...a, fingerprint };
    if (list) list.push(entry);
    else byFingerprint.set(fingerprint, [entry]);
  }
  const out: Alert[] = [];
  for (const list of byFingerprint.values()) {
    list.sort((x, y) => x.startsAt - y.startsAt);
    let current = list[0]!;
    for (const next of list.slice(1)) {
      const ended = current.endsAt !== undefined && current.endsAt < next.startsAt;
      if (ended) {
        out.push(current);
        current = next;
      } else {
        current = combine(current, next);
      }
    }
    out.push(current);
  }
  return out.sort((x, y) => x.startsAt - y.startsAt || (x.fingerprint < y.fingerprint ? -1 : 1));
}
