import { parseMatcher } from '../src/backends/alertmanager/client.js';
import type { AmAlert, Silence } from '../src/backends/alertmanager/types.js';
import { ConfigError } from '../src/config/errors.js';
import { sanitize } from '../src/output/sanitize.js';
import { parseDuration } from '../src/time/time.js';
import { ago } from '../src/output/relative-time.js';
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
    const alerts = await backends.alertmanager.alerts({ filter: o.filter, silenced: o.silenced === true, inhibited: o.inhibited === true });
    rows = alerts.map(fromAlertmanager);
  } else {
    const alerts = await backends.prometheus.alerts();
    rows = alerts
      .filter((a) => o.pending || a.state === 'firing')
      .filter((a) => matchers.every((m) => matches(m, a.labels[m.name] ?? '')))
      .map((a) => ({ fingerprint: '', state: a.state, labels: a.labels, annotations: a.annotations, startsAt: a.activeAt, silencedBy: [], inhibitedBy: [], receivers: [], source: 'prometheus' as const }));
  }
  rows.sort((a, b) => severityRank(b.labels.severity) - severityRank(a.labels.severity) || a.startsAt.localeCompare(b.startsAt));
  const now = s.io.now();
  const identity = identityOf(backends, s.io.now);
  s.output(rows, [
    { header: 'STATE', value: (r) => r.state },
    { header: 'SEVERITY', value: (r) => r.labels.severity ?? '' },
    { header: 'ALERT', value: (r) => r.labels.alertname ?? '' },
    { header: 'SERVICE', value: (r) => sanitize(identity.serviceOfAlert(r.labels) ?? '', { maxLength: 64 }) },
    { header: 'SINCE', value: (r) => ago(Date.parse(r.startsAt), now) },
    { header: 'SUMMARY', value: (r) => sanitize(r.annotations.summary ?? r.annotations.description ?? '', { maxLength: 120 }) },
  ], { alerts: rows });
  if (rows.length === 0 && s.format() === 'table') s.warn('no alerts');
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

function severityRank(sev?: string): number {
  return { critical: 4, page: 4, error: 3, warning: 2, ticket: 2, info: 1 }[sev?.toLowerCase() ?? ''] ?? 0;
}

function matches(m: { value: string; isRegex: boolean; isEqual?: boolean }, value: string): boolean {
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : m.value === value;
  return m.isEqual === false ? !hit : hit;
}

export async function runSilencesList(s: Session, o: { filter: string[]; expired?: boolean }): Promise<void> {
  const am = (await s.backends()).alertmanager;
  const silences = await am.silences({ filter: o.filter, state: o.expired ? undefined : ['active', 'pending'] });
  s.output(silences, [
    { header: 'ID', value: (r: Silence) => r.id },
    { header: 'STATE', value: (r) => r.status.state },
    { header: 'MATCHERS', value: (r) => r.matchers.map(formatMatcher).join(' ') },
    { header: 'ENDS', value: (r) => r.endsAt },
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

export async function runSilenceExpire(s: Session, id: string): Promise<void> {
  const backends = await s.backends();
  refuseInReadOnly(backends.context.name, backends.context.readOnly, 'expire a silence');
  await backends.alertmanager.expireSilence(id);
  s.output([{ id }], [{ header: 'EXPIRED', value: (r) => r.id }], { expired: id });
}

export function refuseInReadOnly(context: string, readOnly: boolean, what: string): void {
  if (readOnly) throw new ConfigError(`context "${context}" is read-only: refusing to ${what}`, 'use another context, or `obs context set <name> readOnly false`');
}

function formatMatcher(m: { name: string; value: string; isRegex: boolean; isEqual?: boolean }): string {
  const op = m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}
