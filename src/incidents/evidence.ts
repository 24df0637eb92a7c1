import { formatDuration } from '../time/time.js';
import { within } from '../time/within.js';
import type { EvidenceSource, SnapshotPart } from './types.js';
import { isRecord as isObject } from '../json/record.js';

/**
 * The `data` each named snapshot part carries. The postmortem reads these back; anything else
 * in a part is kept but not interpreted. Fractions are 0..1.
 */
export interface AlertsEvidence {
  /** The incident group's firing alerts; `suppressed` when Alertmanager silenced or inhibited one. */
  firing: { name: string; labels: Record<string, string>; startsAt?: string; summary?: string; suppressed?: 'silenced' | 'inhibited' }[];
  /** The correlated group the incident came from, when there is one. */
  groupId?: string;
  /** Best first. */
  candidates: { service: string; score: number; evidence: string[] }[];
}

export interface SloEvidence {
  /** `budgetRemaining` is the share of the period's error budget left when the snapshot was taken. */
  slos: { name: string; service?: string; budgetRemaining?: number; burnRate?: number }[];
}

export interface ImpactEvidence {
  usersAffected?: number;
  /** Key product events: how many fewer than the baseline window. */
  events?: { name: string; lost?: number }[];
}

export interface LogsEvidence {
  patterns: { pattern: string; kind: 'new' | 'surging'; count: number; service?: string }[];
}

export interface TracesEvidence {
  traces: { traceId: string; service?: string; operation?: string; error?: string; durationMs?: number }[];
}

/**
 * Run one capture and record it as a part: `ok` with its data, `failed` with the error message
 * (also when it has not answered within `budgetMs`), or `unavailable` when there is no capture to
 * run (the capability or backend is not there); a string instead of a capture says why.
 */
export async function capturePart(
  name: string,
  source: EvidenceSource,
  capture: (() => Promise<unknown>) | string | undefined,
  budgetMs = Infinity,
  now: () => number = Date.now,
): Promise<SnapshotPart> {
  if (typeof capture !== 'function') return { name, source, status: 'unavailable', error: capture ?? 'not available in this build or context' };
  const started = now();
  try {
    const data = await within(capture(), budgetMs, `no answer within ${formatDuration(budgetMs)}: the snapshot went on without it (\`obs incident snapshot\` asks again)`);
    return { name, source, status: 'ok', data, tookMs: now() - started };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { name, source, status: 'failed', error: message.slice(0, 500), tookMs: now() - started };
  }
}

// Readers: the data came from disk, so check its shape instead of trusting a cast.

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function readAlertsEvidence(data: unknown): AlertsEvidence | undefined {
  if (!isObject(data)) return undefined;
  const firing = (Array.isArray(data.firing) ? data.firing : []).filter(isObject).flatMap((a) => {
    const name = str(a.name);
    if (!name) return [];
    const labels = isObject(a.labels)
      ? Object.fromEntries(Object.entries(a.labels).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {};
    const suppressed = a.silenced === true ? ('silenced' as const) : a.inhibited === true ? ('inhibited' as const) : undefined;
    return [{ name, labels, startsAt: str(a.startsAt), summary: str(a.summary), ...(suppressed ? { suppressed } : {}) }];
  });
  const candidates = (Array.isArray(data.candidates) ? data.candidates : []).filter(isObject).flatMap((c) => {
    const service = str(c.service);
    if (!service) return [];
    const evidence = Array.isArray(c.evidence) ? c.evidence.filter((e): e is string => typeof e === 'string') : [];
    return [{ service, score: isNumber(c.score) ? c.score : 0, evidence }];
  });
  return { firing, candidates, groupId: str(data.groupId) };
}

/**
 * The services a snapshot names: its ranking's candidates, best first, then those its parts looked at
 * (the logs and anomalies parts record `services`: every service a firing alert named, silenced too).
 * A host candidate's name is among them; callers match names against what they hold.
 */
export function servicesNamedBy(parts: readonly SnapshotPart[]): string[] {
  const ok = parts.filter((p) => p.status === 'ok' && isObject(p.data));
  const ranked = ok.filter((p) => p.name === 'alerts').flatMap((p) => readAlertsEvidence(p.data)?.candidates.map((c) => c.service) ?? []);
  const lookedAt = ok.flatMap((p) => {
    const services = (p.data as Record<string, unknown>).services;
    return Array.isArray(services) ? services.filter((s): s is string => typeof s === 'string') : [];
  });
  return [...new Set([...ranked, ...lookedAt])];
}

export function readSloEvidence(data: unknown): SloEvidence | undefined {
  if (!isObject(data) || !Array.isArray(data.slos)) return undefined;
  const slos = data.slos.filter(isObject).flatMap((s) => {
    const name = str(s.name);
    if (!name) return [];
    return [
      {
        name,
        service: str(s.service),
        budgetRemaining: isNumber(s.budgetRemaining) ? s.budgetRemaining : undefined,
        burnRate: isNumber(s.burnRate) ? s.burnRate : undefined,
      },
    ];
  });
  return { slos };
}

export function readImpactEvidence(data: unknown): ImpactEvidence | undefined {
  if (!isObject(data)) return undefined;
  const events = Array.isArray(data.events)
    ? data.events.filter(isObject).flatMap((e) => {
        const name = str(e.name);
        return name ? [{ name, lost: isNumber(e.lost) ? e.lost : undefined }] : [];
      })
    : undefined;
  return { usersAffected: isNumber(data.usersAffected) ? data.usersAffected : undefined, events };
}

export function readLogsEvidence(data: unknown): LogsEvidence | undefined {
  if (!isObject(data) || !Array.isArray(data.patterns)) return undefined;
  const patterns = data.patterns.filter(isObject).flatMap((p): LogsEvidence['patterns'] => {
    const pattern = str(p.pattern);
    const kind = p.kind === 'new' ? 'new' : p.kind === 'surging' ? 'surging' : undefined;
    if (!pattern || !kind) return [];
    return [{ pattern, kind, count: isNumber(p.count) ? p.count : 0, service: str(p.service) }];
  });
  return { patterns };
}

export function readTracesEvidence(data: unknown): TracesEvidence | undefined {
  if (!isObject(data) || !Array.isArray(data.traces)) return undefined;
  const traces = data.traces.filter(isObject).flatMap((t) => {
    const traceId = str(t.traceId);
    if (!traceId) return [];
    return [
      {
        traceId,
        service: str(t.service),
        operation: str(t.operation),
        error: str(t.error),
        durationMs: isNumber(t.durationMs) ? t.durationMs : undefined,
      },
    ];
  });
  return { traces };
}
