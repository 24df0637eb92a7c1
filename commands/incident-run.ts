import { dirname, join, resolve } from 'node:path';
import type { Backends } from '../src/backends/index.js';
import { ConfigError } from '../src/config/errors.js';
import { contextDir } from '../src/config/portable.js';
import {
  describeEvent,
  IncidentStore,
  IncidentStoreError,
  parseSeverity,
  parseStatus,
  readAlertsEvidence,
  readImpactEvidence,
  readLogsEvidence,
  readTracesEvidence,
  renderPostmortem,
  SEVERITIES,
  STATUSES,
  type EventBody,
  type IncidentState,
  type PostmortemImpact,
  type Severity,
  type SnapshotPart,
  type SnapshotRecord,
  warningText,
} from '../src/incidents/index.js';
import { firstAlertAt, humanDuration } from '../src/incidents/postmortem.js';
import { renderJson } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { ago } from '../src/output/relative-time.js';
import { isoTime, parseDuration, resolveRange } from '../src/time/time.js';
import type { BudgetSpent } from '../src/incidents/budget-spent.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';
import { identityOf, SIGNAL_LOOKUP_WAIT_MS } from '../src/identity/identity.js';
import { serviceSignals } from '../src/anomaly/signals.js';
import { cutToCells } from '../src/output/cells.js';

// ——— where things live ———

/** The config file a stored context came from (relative directories in it are read from there); none for --demo. */
export async function configFile(s: Session): Promise<string | undefined> {
  if (s.opts.demo) return undefined;
  const { ConfigStore, configDir } = await import('../src/config/store.js');
  return new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
}

/** A directory named by the context: relative to its config file, else to the working directory. */
async function fromContext(s: Session, value: string | undefined): Promise<string | undefined> {
  if (!value) return undefined;
  const file = await configFile(s);
  return file ? contextDir(value, file) : resolve(value);
}

/**
 * The incident store of the session's context: its `incidentDir`, else `<state dir>/incidents`.
 * Incidents of the demo world (--demo) live apart, in `<state dir>/demo/incidents`, so they never
 * mix with real ones or become the current real incident.
 */
export async function incidentStore(s: Session, backends: Backends): Promise<IncidentStore> {
  const { stateDir } = await import('../src/config/store.js');
  const dir = s.opts.demo
    ? join(stateDir(s.opts.configDir, s.io.env), 'demo', 'incidents')
    : ((await fromContext(s, backends.context.context.incidentDir)) ?? join(stateDir(s.opts.configDir, s.io.env), 'incidents'));
  return new IncidentStore({ dir, author: s.io.env.OBS_USER || s.io.env.USER || undefined, now: s.io.now });
}



/** Where runbooks are looked for, first match wins: the context's `runbookDir`, ./runbooks, `<config dir>/runbooks`. */
export async function runbookDirs(s: Session, backends: Backends): Promise<string[]> {
  const own = await fromContext(s, backends.context.context.runbookDir);
  const { ConfigStore, configDir } = await import('../src/config/store.js');
  const configHome = dirname((await configFile(s)) ?? new ConfigStore(configDir(s.opts.configDir, s.io.env)).path);
  return [...new Set([...(own ? [own] : []), resolve('runbooks'), join(configHome, 'runbooks')])];
}

/** Run a store operation; its usage errors (unknown ID, no current incident) end the command with exit 2. */
export async function withStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof IncidentStoreError) throw new ExitWith(EXIT.usage, sanitize(err.message));
    throw err;
  }
}

/** The context, its incident store and notifier; first, whatever is due (escalations, retries) is done. */
export async function session(s: Session) {
  const backends = await s.backends();
  const store = await incidentStore(s, backends);
  const { Notifier } = await import('./incident-notify.js');
  const notifier = Notifier.for(s, backends, store);
  await notifier.housekeeping();
  return { backends, store, notifier };
}

// ——— open and snapshot ———

export interface OpenFlags {
  title?: string;
  severity?: string;
  service: string[];
  fromGroup?: string;
  snapshot: boolean;
  evidenceBudget: string;
}

const ALERT_SEVERITY: Record<string, Severity> = { critical: 'sev2', warning: 'sev3', info: 'sev4' };

export async function runIncidentOpen(s: Session, o: OpenFlags): Promise<void> {
  const severity = o.severity === undefined ? undefined : severityFlag(o.severity);
  const evidenceBudgetMs = parseDuration(o.evidenceBudget);
  const { backends, store, notifier } = await session(s);
  const started = performance.now();
  const capture = o.snapshot ? await captureFor(s, backends, { reason: 'open', fromGroup: o.fromGroup, services: o.service, evidenceBudgetMs }) : undefined;
  const evidenceMs = performance.now() - started;
  const group = capture?.group;
  const services = o.service.length ? o.service : (group?.services ?? []);
  const same = group && (await store.list()).incidents.find((i) => i.open && i.fromGroup === group.id);
  if (same) s.warn(`${same.id} is open for the same alert group already (\`obs incident use ${same.id}\` to work on it)`);
  const input = {
    title: o.title ?? defaultTitle(capture, services),
    severity: severity ?? ALERT_SEVERITY[group?.severity ?? ''] ?? 'sev3',
    services,
    fromGroup: o.fromGroup ?? group?.id,
    startedAt: capture?.startedAt,
  };
  const opened = await withStore(() => store.open({ ...input, notify: notifier.plan({ type: 'opened', incident: '', ...input, startedAt: undefined }) }));
  if (capture) await store.append(opened.id, { type: 'snapshot', snapshot: capture.snapshot });

  const [{ loadRunbooks, matchRunbooks, runbookAttachedEvent }] = await Promise.all([import('../src/runbooks/index.js')]);
  const { runbooks, problems } = await loadRunbooks(await runbookDirs(s, backends));
  if (problems.some((p) => p.severity === 'error')) s.warn('some runbooks have errors and were left out: see `obs runbook lint`');
  const [best] = matchRunbooks(runbooks, (capture?.alerts ?? []).map((a) => ({ labels: a.labels })), { services, rootCause: capture?.rootCause });
  if (best) await store.append(opened.id, runbookAttachedEvent(best));
  // Sent once the evidence and the runbook are in, so the first message carries them.
  await notifier.flush(opened.id);

  const { state } = await store.read(opened.id);
  printIncident(s, state);
  if (s.format() === 'table') {
    if (capture) s.print(`\nEvidence captured in ${(evidenceMs / 1000).toFixed(1)}s.`);
    const obs = s.opts.demo ? 'obs --demo' : 'obs';
    s.print(best ? `Next: ${obs} incident ack, then ${obs} runbook run ${best.runbook.name}` : `Next: ${obs} incident ack; no runbook matched (see obs runbook list)`);
  }
}

export async function runIncidentSnapshot(s: Session, ref: string | undefined, o: { evidenceBudget: string }): Promise<void> {
  const evidenceBudgetMs = parseDuration(o.evidenceBudget);
  const { backends, store } = await session(s);
  const { id, state } = await withStore(() => store.read(ref));
  const capture = await captureFor(s, backends, { reason: 'manual', fromGroup: state.fromGroup, services: state.services, since: state.openedAt, evidenceBudgetMs });
  await store.append(id, { type: 'snapshot', snapshot: capture.snapshot });
  s.output(capture.snapshot.parts, PART_COLUMNS, { incident: id, snapshot: capture.snapshot });
}

async function captureFor(s: Session, backends: Backends, o: { reason: string; fromGroup?: string; services: string[]; since?: number; evidenceBudgetMs?: number }) {
  const [{ captureEvidence, snapshotPartBudgetMs }, { loadContextSlos }, { DEFAULT_KEY_EVENTS }, { liveEvidenceSources }, { sharedQuery, warnedQuery }] = await Promise.all([
    import('../src/incidents/capture.js'),
    import('../src/slo/live.js'),
    import('../src/analytics/index.js'),
    import('../src/alerts/live-sources.js'),
    import('../src/slo/prometheus.js'),
  ]);
  const context = backends.context.context;
  const { slos, problems } = await loadContextSlos(context, process.cwd(), await configFile(s));
  if (problems.length) s.warn(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the SLO specs: see \`obs slo list\``);
  const identity = identityOf(backends, s.io.now);
  const now = s.io.now();
  // The ranking's SLO burn and the snapshot's SLO part are evaluated at the same moment: what they share is asked once.
  const own = backends.has('prometheus') ? warnedQuery(backends.prometheus) : undefined;
  const sloQuery = own && { ...own, query: sharedQuery(own.query) };
  return captureEvidence(backends, {
    now,
    reason: o.reason,
    fromGroup: o.fromGroup,
    services: o.services,
    since: o.since,
    slos,
    keyEvents: context.keyEvents?.length ? context.keyEvents : DEFAULT_KEY_EVENTS,
    logSelector: backends.has('loki') ? identity.logSelectorOf(SIGNAL_LOOKUP_WAIT_MS) : undefined,
    alertService: identity.alertOptions,
    anomalySignals: backends.has('prometheus') ? async (service) => serviceSignals((await identity.metrics()).conventions, service) : undefined,
    rankingEvidence: liveEvidenceSources(backends, identity, { now, slos: async () => slos, query: sloQuery?.query }),
    evidenceBudgetMs: o.evidenceBudgetMs,
    partBudgetMs: snapshotPartBudgetMs(o.evidenceBudgetMs),
    sloQuery,
  });
}

function defaultTitle(capture: { group?: { title: string }; alerts: { name: string; labels: Record<string, string> }[] } | undefined, services: string[]): string {
  if (capture?.group) return capture.group.title;
  const first = capture?.alerts[0];
  if (first) return `${first.name}${first.labels.service ? ` on ${first.labels.service}` : ''}`;
  return services.length ? `Incident on ${services.join(', ')}` : 'Incident';
}

function severityFlag(text: string): Severity {
  const severity = parseSeverity(text);
  if (!severity) throw new ConfigError(`--severity ${sanitize(text)} is not a severity`, `use one of ${SEVERITIES.join(', ')}`);
  return severity;
}

// ——— reading ———

export async function runIncidentList(s: Session, o: { open?: boolean }): Promise<void> {
  const { store } = await session(s);
  const { incidents, warnings } = await store.list();
  for (const w of warnings) s.warn(sanitize(warningText(w)));
  const rows = o.open ? incidents.filter((i) => i.open) : incidents;
  const now = s.io.now();
  const current = await store.current();
  s.output(rows, [
    { header: 'ID', value: (i) => `${i.id === current ? '*' : ' '}${i.id}`, raw: (i) => i.id, whole: true },
    { header: 'SEV', value: (i) => i.severity },
    { header: 'STATUS', value: (i) => i.status },
    { header: 'OPENED', value: (i) => ago(i.openedAt, now), raw: (i) => isoTime(i.openedAt) },
    { header: 'ACK', value: (i) => (i.acknowledgedAt === undefined ? 'no' : humanDuration(i.acknowledgedAt - i.openedAt)), raw: (i) => (i.acknowledgedAt === undefined ? null : isoTime(i.acknowledgedAt)) },
    { header: 'ASSIGNEE', value: (i) => i.assignee ?? '' },
    { header: 'TITLE', value: (i) => i.title },
  ], { current: current ?? null, incidents: rows.map(incidentJson) });
  if (rows.length === 0 && s.format() === 'table') s.warn(o.open ? 'no open incidents' : 'no incidents: open one with `obs incident open`');
}

export async function runIncidentShow(s: Session, ref?: string): Promise<void> {
  const { store } = await session(s);
  const { state, warnings } = await withStore(() => store.read(ref));
  for (const w of warnings) s.warn(sanitize(warningText(w)));
  printIncident(s, state);
}

export async function runIncidentUse(s: Session, ref: string): Promise<void> {
  const { store } = await session(s);
  const id = await withStore(() => store.resolve(ref));
  await store.setCurrent(id);
  s.output([{ id }], [{ header: 'CURRENT', value: (r) => r.id }], { current: id });
}

export async function runIncidentTimeline(s: Session, ref?: string): Promise<void> {
  const { store } = await session(s);
  const { state } = await withStore(() => store.read(ref));
  s.output(state.timeline, [
    { header: 'TIME', value: (e) => new Date(e.at).toISOString().slice(0, 19).replace('T', ' '), raw: (e) => isoTime(e.at) },
    { header: 'WHO', value: (e) => e.author },
    { header: 'WHAT', value: (e) => e.text },
  ], { incident: state.id, timeline: state.timeline.map((e) => ({ ...e, at: isoTime(e.at) })) });
}

export async function runIncidentStats(s: Session, o: { since?: string; from?: string; to?: string }): Promise<void> {
  const { store } = await session(s);
  const range = resolveRange(o, '30d', s.io.now());
  const { warnings, ...stats } = await store.stats(range);
  for (const w of warnings) s.warn(sanitize(warningText(w)));
  // A count is the same in a table and CSV; a duration is read as "1h05m" and given to CSV in seconds.
  const count = (name: string, n: number) => ({ name, shown: n, raw: n });
  const duration = (name: string, ms: number | null) => ({ name, shown: ms === null ? '—' : humanDuration(ms), raw: ms === null ? null : ms / 1000 });
  const rows = [
    count('incidents', stats.count),
    count('open', stats.open),
    count('resolved', stats.resolved),
    ...SEVERITIES.map((sev) => count(sev, stats.bySeverity[sev])),
    duration('MTTA (mean)', stats.mtta.meanMs),
    duration('MTTA (median)', stats.mtta.medianMs),
    duration('MTTA from the page (mean)', stats.mttaFromPage.meanMs),
    duration('MTTR (mean)', stats.mttr.meanMs),
    duration('MTTR (median)', stats.mttr.medianMs),
  ];
  s.output(rows, [
    { header: `SINCE ${isoTime(range.start).slice(0, 10)}`, value: (r) => r.name },
    { header: 'VALUE', value: (r) => r.shown, raw: (r) => r.raw, align: 'right' },
  ], { ...stats, start: isoTime(stats.start), end: isoTime(stats.end) });
}

// ——— writing ———

export async function runIncidentEvent(s: Session, ref: string | undefined, body: EventBody): Promise<void> {
  const { store, notifier } = await session(s);
  const { id, state } = await withStore(() => store.read(ref));
  const event = await withStore(() => notifier.append(id, body, state));
  if (s.format() === 'table') s.print(`${id} ${event.at.slice(11, 19)}: ${describeEvent(event)}`);
  else s.output([], [], { incident: id, event });
}

export async function runIncidentStatus(s: Session, text: string, ref?: string): Promise<void> {
  const status = parseStatus(text);
  if (!status) throw new ConfigError(`"${sanitize(text)}" is not a status`, `use one of ${STATUSES.join(', ')}`);
  await runIncidentEvent(s, ref, { type: 'status', status });
}

// ——— postmortem ———

export async function runIncidentPostmortem(s: Session, ref: string | undefined, o: { offline?: boolean }): Promise<void> {
  const format = s.opts.output ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new ConfigError(`--output ${sanitize(format)} is not supported here`, 'use markdown or json');
  const { backends, store } = await session(s);
  const { state } = await withStore(() => store.read(ref));
  const now = s.io.now();
  let impact: PostmortemImpact | undefined;
  if (!o.offline) {
    const [users, budget] = await Promise.all([liveImpact(s, backends, state, now), liveSloBudget(s, backends, state, now)]);
    impact = { ...users, ...(budget?.spent.length ? { sloBudgetConsumed: budget.spent, ...(budget.namedBySnapshots ? { sloBudgetServices: budget.services } : {}) } : {}) };
  }
  const markdown = renderPostmortem(state, { generatedAt: now, impact });
  if (format === 'markdown') s.io.stdout.write(markdown);
  else s.print(renderJson({ incident: state.id, markdown }));
}

/** Users affected and events lost over the whole incident, from Amplitude; undefined (with a warning) when it cannot answer. */
async function liveImpact(s: Session, backends: Backends, state: IncidentState, now: number): Promise<PostmortemImpact | undefined> {
  if (!backends.has('amplitude')) return undefined;
  const { measureImpact, DEFAULT_KEY_EVENTS } = await import('../src/analytics/index.js');
  const keyEvents = backends.context.context.keyEvents?.length ? backends.context.context.keyEvents : DEFAULT_KEY_EVENTS;
  try {
    const impact = await measureImpact(backends.amplitude, { window: incidentWindow(state, now), keyEvents, now });
    return {
      ...(impact.usersAffected !== undefined ? { usersAffected: impact.usersAffected } : {}),
      eventsLost: impact.events.flatMap((e) => (e.lost === undefined ? [] : [{ name: e.name, lost: e.lost }])),
    };
  } catch (err) {
    s.warn(`impact from Amplitude unavailable, using the snapshots: ${sanitize((err as Error).message)}`);
    return undefined;
  }
}

/**
 * The share of each SLO's error budget spent over the incident: its budget left when the incident
 * started minus when it ended (the SLO evaluated at both instants), with the services whose SLOs
 * these are. Undefined, with a warning, when Prometheus cannot answer; its warnings about a partial
 * answer are told on stderr. Without Prometheus or SLO specs the postmortem reads the snapshots.
 */
async function liveSloBudget(s: Session, backends: Backends, state: IncidentState, now: number): Promise<{ spent: BudgetSpent[]; services: string[]; namedBySnapshots: boolean } | undefined> {
  if (!backends.has('prometheus')) return undefined;
  const [{ loadContextSlos }, { evaluateSlos }, { warnedQuery }, { budgetSpent }, { servicesNamedBy }] = await Promise.all([
    import('../src/slo/live.js'),
    import('../src/slo/evaluate.js'),
    import('../src/slo/prometheus.js'),
    import('../src/incidents/budget-spent.js'),
    import('../src/incidents/evidence.js'),
  ]);
  // Only the incident's services' SLOs: the others' budgets are not this incident's to explain. An
  // incident that records none (opened without --service, from no group or one naming none) has
  // those its evidence snapshots name.
  const namedBySnapshots = state.services.length === 0;
  const services = namedBySnapshots ? [...new Set(state.snapshots.flatMap((snapshot) => servicesNamedBy(snapshot.parts)))] : state.services;
  const slos = (await loadContextSlos(backends.context.context, process.cwd(), await configFile(s))).slos.filter((slo) => services.includes(slo.service));
  if (!slos.length) return undefined;
  const window = incidentWindow(state, now);
  const { query, warnings } = warnedQuery(backends.prometheus);
  try {
    const [before, after] = await Promise.all([evaluateSlos(slos, query, { at: window.start }), evaluateSlos(slos, query, { at: window.end })]);
    for (const w of warnings) s.warn(`warning from prometheus (SLO budgets): ${sanitize(w)}`);
    return { spent: budgetSpent(before.results, after.results), services: services.filter((service) => slos.some((slo) => slo.service === service)), namedBySnapshots };
  } catch (err) {
    s.warn(`SLO budgets from Prometheus unavailable, using the snapshots: ${sanitize((err as Error).message)}`);
    return undefined;
  }
}

/** From the incident's first alert (or the opening, if earlier) to the resolution, or now. */
export function incidentWindow(state: IncidentState, now: number): { start: number; end: number } {
  return { start: Math.min(firstAlertAt(state) ?? state.openedAt, state.openedAt), end: state.resolvedAt ?? now };
}

// ——— printing ———

/** JSON of an incident: the folded state with times as RFC3339. */
export function incidentJson(state: IncidentState): Record<string, unknown> {
  const time = (t: number | undefined) => (t === undefined ? undefined : isoTime(t));
  return {
    ...state,
    openedAt: isoTime(state.openedAt),
    startedAt: time(state.startedAt),
    pagedAt: time(state.pagedAt),
    acknowledgedAt: time(state.acknowledgedAt),
    identifiedAt: time(state.identifiedAt),
    mitigatedAt: time(state.mitigatedAt),
    resolvedAt: time(state.resolvedAt),
    lastEventAt: isoTime(state.lastEventAt),
    notes: state.notes.map((n) => ({ ...n, at: isoTime(n.at) })),
    snapshots: state.snapshots.map((n) => ({ ...n, at: isoTime(n.at) })),
    steps: state.steps.map((n) => ({ ...n, at: isoTime(n.at) })),
    timeline: state.timeline.map((n) => ({ ...n, at: isoTime(n.at) })),
    escalations: state.escalations.map((n) => ({ ...n, at: isoTime(n.at) })),
    handoffs: state.handoffs.map((n) => ({ ...n, at: isoTime(n.at) })),
    notifications: state.notifications.map((n) => ({ ...n, lastAttemptAt: time(n.lastAttemptAt), retryAt: time(n.retryAt) })),
  };
}

function printIncident(s: Session, state: IncidentState): void {
  if (s.format() !== 'table') {
    s.output([], [], incidentJson(state));
    return;
  }
  const now = s.io.now();
  const when = (t: number) => `${isoTime(t).slice(0, 19).replace('T', ' ')} UTC (${ago(t, now)})`;
  const since = (t: number | undefined) => (t === undefined ? undefined : `${humanDuration(t - state.openedAt)} after opening`);
  const c = (text: string) => sanitize(text, { maxLength: 300 });
  const lines: [string, string | undefined][] = [
    ['Incident', `${state.id}  ${state.severity}  ${state.status}`],
    ['Title', c(state.title)],
    ['Services', state.services.map(c).join(', ') || undefined],
    ['Started', state.startedAt === undefined ? undefined : `${when(state.startedAt)} (first alert of its group)`],
    ['Opened', `${when(state.openedAt)} by ${c(state.openedBy)}`],
    ['Paged', state.pagedAt === undefined ? undefined : when(state.pagedAt)],
    ['Escalated', state.escalations.length ? state.escalations.map((e) => `${e.severity} ${ago(e.at, now)} (${c(e.reason)})`).join('; ') : undefined],
    ['Acknowledged', state.acknowledgedAt === undefined ? 'no' : `${since(state.acknowledgedAt)} by ${c(state.acknowledgedBy ?? '')}`],
    ['Mitigated', since(state.mitigatedAt)],
    ['Resolved', since(state.resolvedAt)],
    ['Assignee', state.assignee && c(state.assignee)],
    ['Alert group', state.fromGroup && c(state.fromGroup)],
    ['Runbooks', state.runbooks.length ? state.runbooks.map((r) => `${c(r)} (obs runbook run ${c(r)})`).join(', ') : undefined],
  ];
  const latest = state.snapshots.at(-1);
  if (latest) {
    const alerts = latestOk(state.snapshots, 'alerts', readAlertsEvidence);
    const top = alerts?.candidates[0];
    if (top) lines.push(['Root cause', `${c(top.service)} (score ${Math.round(top.score * 100) / 100})`], ...top.evidence.map((e): [string, string] => ['', `- ${c(e)}`]));
    lines.push(['Evidence', `${when(latest.at)}, ${latest.reason ?? 'snapshot'}`]);
  }
  const pad = Math.max(...lines.map(([k]) => k.length)) + 2;
  const out = lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k.padEnd(pad)}${v}`);
  const partPad = latest ? Math.max(...latest.parts.map((p) => p.name.length)) + 2 : 0;
  if (latest) for (const part of latest.parts) out.push(`  ${part.name.padEnd(partPad)}${partStatus(part)}  ${partSummary(part)}`);
  const unsent = state.notifications.filter((n) => n.status !== 'sent');
  if (state.notifications.length) {
    out.push('', `Notifications: ${state.notifications.length - unsent.length} of ${state.notifications.length} sent`);
    for (const n of unsent) {
      const retry = n.status === 'pending' ? 'not tried yet' : n.retryAt !== undefined ? `retried from ${isoTime(n.retryAt).slice(11, 19)} UTC` : 'needs a fix, then obs incident sync';
      out.push(`  ${n.status.toUpperCase()}  ${c(n.channel)}  ${n.sourceType}  ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}, ${retry}${n.error ? `: ${c(n.error)}` : ''}`);
    }
  }
  out.push('', 'Timeline (latest):');
  for (const e of state.timeline.slice(-8)) out.push(`  ${isoTime(e.at).slice(11, 19)}  ${c(e.author)}  ${e.text}`);
  // One screen line each: the details are in \`show -o json\`, \`timeline\` and the postmortem.
  s.print(out.map((l) => cutToCells(l, s.width)).join('\n'));
}

const PART_COLUMNS = [
  { header: 'PART', value: (p: SnapshotPart) => p.name },
  { header: 'SOURCE', value: (p: SnapshotPart) => p.source },
  { header: 'STATUS', value: (p: SnapshotPart) => p.status },
  { header: 'TOOK', value: (p: SnapshotPart) => (p.tookMs === undefined ? '' : `${(p.tookMs / 1000).toFixed(1)}s`), raw: (p: SnapshotPart) => (p.tookMs === undefined ? null : p.tookMs / 1000), align: 'right' as const },
  { header: 'SUMMARY', value: (p: SnapshotPart) => partSummary(p) },
];

function partStatus(part: SnapshotPart): string {
  return `${part.status} (${part.source}${part.tookMs === undefined ? '' : `, ${(part.tookMs / 1000).toFixed(1)}s`})`.padEnd(30);
}

/** One line on what a snapshot part holds, or why it holds nothing. */
export function partSummary(part: SnapshotPart): string {
  if (part.status !== 'ok') return sanitize(part.error ?? '', { maxLength: 200 });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (part.name) {
    case 'alerts': {
      const a = readAlertsEvidence(part.data);
      const top = a?.candidates[0];
      // Without Alertmanager a silenced alert looks firing: said before the alerts.
      const fellBack = (part.data as { fallback?: unknown }).fallback ? 'no Alertmanager (silences unknown); ' : '';
      return `${fellBack}${plural(a?.firing.length ?? 0, 'firing alert')}${a?.groupId ? `, group ${sanitize(a.groupId)}` : ''}${top ? `, top root cause ${sanitize(top.service)}` : ''}`;
    }
    case 'slo': {
      const { slos = [], warnings = [] } = (part.data ?? {}) as { slos?: { name: string; verdict?: string; budgetRemaining?: number; error?: string }[]; warnings?: string[] };
      const bad = slos.filter((x) => x.verdict && x.verdict !== 'OK');
      const verdict = (x: (typeof slos)[number]) =>
        `${sanitize(x.name)} ${sanitize(x.verdict ?? '')}${x.budgetRemaining === undefined ? '' : ` (${(x.budgetRemaining * 100).toFixed(0)}% budget left)`}${x.error ? ` (${sanitize(x.error, { maxLength: 80 })})` : ''}`;
      // A partial answer can make the verdicts wrong: said before them.
      const warned = warnings.length ? `, Prometheus warned: ${sanitize(warnings[0]!, { maxLength: 80 })}${warnings.length > 1 ? ` (+${warnings.length - 1} more)` : ''}` : '';
      return `${plural(slos.length, 'SLO')}${warned}${bad.length ? `; ${bad.map(verdict).join(', ')}` : ', all OK'}`;
    }
    case 'logs': {
      const { services = [], linesRead } = part.data as { services?: string[]; linesRead?: Record<string, number> };
      // Nothing compared is not "0 new": say what was (not) looked at.
      if (!services.length) return 'not queried: no service to search';
      const silent = services.filter((svc) => linesRead?.[svc] === 0);
      if (linesRead && silent.length === services.length) return `no log lines for ${services.map((x) => sanitize(x)).join(', ')} in the window: nothing compared (check the log service label)`;
      const patterns = readLogsEvidence(part.data)?.patterns ?? [];
      const top = patterns[0];
      return `${plural(patterns.filter((p) => p.kind === 'new').length, 'new pattern')}, ${patterns.filter((p) => p.kind === 'surging').length} surging${top ? `; e.g. ${top.service ? `${sanitize(top.service)}: ` : ''}${sanitize(top.pattern, { maxLength: 80 })}` : ''}`;
    }
    case 'traces': {
      const traces = readTracesEvidence(part.data)?.traces ?? [];
      const where = new Map<string, number>();
      for (const t of traces) if (t.service) where.set(t.service, (where.get(t.service) ?? 0) + 1);
      const most = [...where].sort((a, b) => b[1] - a[1])[0];
      return `${plural(traces.length, 'error trace')}${most ? `, failing first in ${sanitize(most[0])} (${most[1]})` : ''}`;
    }
    case 'impact': {
      const impact = readImpactEvidence(part.data);
      const lost = (impact?.events ?? []).filter((e) => (e.lost ?? 0) >= 1).map((e) => `${sanitize(e.name)} -${Math.round(e.lost!)}`);
      return `${impact?.usersAffected === undefined ? 'users affected unknown' : `~${impact.usersAffected} users affected`}${lost.length ? `; ${lost.join(', ')}` : ''}`;
    }
    case 'anomalies': {
      const { scored = 0, anomalous = [] } = part.data as { scored?: number; anomalous?: { service?: string | null; signal?: string; direction?: string }[] };
      const first = anomalous[0];
      return `${plural(anomalous.length, 'anomalous signal')} of ${scored}${first ? `; e.g. ${sanitize(first.service ?? '')} ${sanitize(first.signal ?? '')} ${sanitize(first.direction ?? '')}` : ''}`;
    }
    default:
      return '';
  }
}

function parts(snapshots: SnapshotRecord[], name: string): { at: number; part: SnapshotPart }[] {
  return snapshots.flatMap((snap) => snap.parts.filter((p) => p.name === name).map((part) => ({ at: snap.at, part })));
}

function latestOk<T>(snapshots: SnapshotRecord[], name: string, read: (data: unknown) => T | undefined): T | undefined {
  for (const { part } of parts(snapshots, name).reverse()) if (part.status === 'ok') return read(part.data);
  return undefined;
}
