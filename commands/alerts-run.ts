import { parseMatcher } from '../src/backends/alertmanager/client.js';
import type { AmAlert, Silence } from '../src/backends/alertmanager/types.js';
import { ConfigError } from '../src/config/errors.js';
import { sanitize } from '../src/output/sanitize.js';
import { parseDuration } from '../src/time/time.js';
import { ago, since } from '../src/output/relative-time.js';
import { rfc3339 } from '../src/output/format.js';
import { resolveIdPrefix, uniquePrefixes } from '../src/output/id-prefix.js';
import type { Backends } from '../src/backends/index.js';
import type { Session } from './session.js';
import { identityOf } from '../src/identity/identity.js';

interface AlertRow {
  fingerprint: string;
  state: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  silencedBy: string[];
  inhibitedBy: string[];
  receivers: string[];
  source: 'alertmanager' | 'prometheus';
}

export async function runAlertsList(s: Session, o: { filter: string[]; silenced?: boolean; inhibited?: boolean; pending?: boolean }): Promise<void> {
  const backends = await s.backends();
  const matchers = o.filter.map(parseMatcher);
  let rows: AlertRow[];
  if (backends.has('alertmanager')) {
    // Alertmanager only ever receives firing alerts: pending ones exist only in Prometheus.
    if (o.pending && !backends.has('prometheus'))
      throw new ConfigError(`--pending needs Prometheus: Alertmanager never sees pending alerts, and context "${backends.context.name}" has no prometheus URL`, `set one with \`obs context set ${backends.context.name} prometheus.url URL\` or OBS_PROMETHEUS_URL`);
    const [alerts, pending] = await Promise.all([
      backends.alertmanager.alerts({ filter: o.filter, silenced: o.silenced === true, inhibited: o.inhibited === true }),
      o.pending ? prometheusAlerts(backends, (state) => state === 'pending', matchers) : [],
    ]);
    rows = [...alerts.map(fromAlertmanager), ...pending];
  } else {
    rows = await prometheusAlerts(backends, (state) => o.pending === true || state === 'firing', matchers);
  }
  // Oldest first within a severity, by time (RFC3339 text does not sort: fractions vary in length).
  const startedAt = new Map(rows.map((r) => [r, Date.parse(r.startsAt)]));
  rows.sort((a, b) => severityRank(b.labels.severity) - severityRank(a.labels.severity) || startedAt.get(a)! - startedAt.get(b)!);
  const now = s.io.now();
  const identity = identityOf(backends, s.io.now);
  s.output(rows, [
    { header: 'STATE', value: (r) => r.state },
    { header: 'SEVERITY', value: (r) => r.labels.severity ?? '' },
    { header: 'ALERT', value: (r) => r.labels.alertname ?? '' },
    { header: 'SERVICE', value: (r) => sanitize(identity.serviceOfAlert(r.labels) ?? '', { maxLength: 64 }) },
    { header: 'SINCE', value: (r) => since(Date.parse(r.startsAt), now), raw: (r) => rfc3339(Date.parse(r.startsAt)) },
    { header: 'SUMMARY', value: (r) => sanitize(r.annotations.summary ?? r.annotations.description ?? '', { maxLength: 120 }) },
  ], { alerts: rows });
  if (rows.length === 0 && s.format() === 'table') s.warn('no alerts');
}

async function prometheusAlerts(backends: Backends, keep: (state: string) => boolean, matchers: ReturnType<typeof parseMatcher>[]): Promise<AlertRow[]> {
  return (await backends.prometheus.alerts())
    .filter((a) => keep(a.state))
    .filter((a) => matchers.every((m) => matches(m, a.labels[m.name] ?? '')))
    .map((a) => ({ fingerprint: '', state: a.state, labels: a.labels, annotations: a.annotations, startsAt: a.activeAt, silencedBy: [], inhibitedBy: [], receivers: [], source: 'prometheus' as const }));
}

function fromAlertmanager(a: AmAlert): AlertRow {
  return {
    fingerprint: a.fingerprint,
    state: a.status.state,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    silencedBy: a.status.silencedBy ?? [],
    inhibitedBy: a.status.inhibitedBy ?? [],
    receivers: (a.receivers ?? []).map((r) => r.name),
    source: 'alertmanager',
  };
}

const SEVERITY_RANK = new Map(Object.entries({ critical: 4, page: 4, error: 3, warning: 2, ticket: 2, info: 1 }));

function severityRank(sev?: string): number {
  return SEVERITY_RANK.get(sev?.toLowerCase() ?? '') ?? 0;
}

function matches(m: { value: string; isRegex: boolean; isEqual?: boolean }, value: string): boolean {
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : m.value === value;
  return m.isEqual === false ? !hit : hit;
}

export async function runSilencesList(s: Session, o: { filter: string[]; expired?: boolean }): Promise<void> {
  const am = (await s.backends()).alertmanager;
  const all = await am.silences({ filter: o.filter });
  const silences = o.expired ? all : all.filter((x) => x.status.state !== 'expired');
  // Prefixes unique among all silences, expired ones included, since `silences expire` resolves against those.
  const short = uniquePrefixes(all.map((x) => x.id));
  const now = s.io.now();
  s.output(silences, [
    { header: 'ID', value: (r: Silence) => short.get(r.id), raw: (r) => r.id, whole: true },
    { header: 'STATE', value: (r) => r.status.state },
    { header: 'MATCHERS', value: (r) => r.matchers.map(formatMatcher).join(' ') },
    { header: 'ENDS', value: (r) => ago(Date.parse(r.endsAt), now), raw: (r) => rfc3339(Date.parse(r.endsAt)) },
    { header: 'BY', value: (r) => r.createdBy },
    { header: 'COMMENT', value: (r) => r.comment },
  ], { silences });
}

export async function runSilenceAdd(s: Session, matcherTexts: string[], o: { duration: string; comment: string; author?: string }): Promise<void> {
  const backends = await s.backends();
  refuseInReadOnly(backends.context.name, backends.context.readOnly, 'create a silence');
  const matchers = matcherTexts.map(parseMatcher);
  const start = s.io.now();
  const id = await backends.alertmanager.createSilence({
    matchers,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + parseDuration(o.duration)).toISOString(),
    createdBy: o.author ?? s.io.env.USER ?? 'obs',
    comment: o.comment,
  });
  s.output([{ id }], [{ header: 'SILENCE', value: (r) => r.id }], { silenceID: id });
}

/** Expire a silence given by its whole ID or a unique prefix of it (as `silences list` shows). */
export async function runSilenceExpire(s: Session, given: string): Promise<void> {
  const backends = await s.backends();
  refuseInReadOnly(backends.context.name, backends.context.readOnly, 'expire a silence');
  const known = (await backends.alertmanager.silences()).map((x) => x.id);
  const found = resolveIdPrefix(given, known);
  if ('error' in found) {
    const shown = sanitize(given, { maxLength: 80 });
    if (found.error === 'ambiguous') throw new ConfigError(`silence ID ${shown} is ambiguous: it starts ${found.candidates.length} silences`, `give more characters: ${found.candidates.join(', ')}`);
    throw new ConfigError(`no silence with ID ${shown}`, 'see `obs silences list --expired` for the silences Alertmanager knows');
  }
  await backends.alertmanager.expireSilence(found.id);
  s.output([{ id: found.id }], [{ header: 'EXPIRED', value: (r) => r.id, whole: true }], { expired: found.id });
}

export function refuseInReadOnly(context: string, readOnly: boolean, what: string): void {
  if (readOnly) throw new ConfigError(`context "${context}" is read-only: refusing to ${what}`, 'use another context, or `obs context set <name> readOnly false`');
}

function formatMatcher(m: { name: string; value: string; isRegex: boolean; isEqual?: boolean }): string {
  const op = m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}
