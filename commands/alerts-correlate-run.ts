import { readFile } from 'node:fs/promises';
import type { Severity } from '../src/alerts/classify.js';
import type { Alert } from '../src/alerts/model.js';
import type { Evidence } from '../src/alerts/rank.js';
import { analyzeAlerts, toCorrelationJson, type AnalyzedGroup } from '../src/alerts/report.js';
import { analyzeLive } from '../src/alerts/live-analysis.js';
import type { Placement } from '../src/alerts/placement.js';
import { identityOf } from '../src/identity/identity.js';
import type { ServiceOptions } from '../src/alerts/service.js';
import { gatherEvidence, type SourceFailure } from '../src/alerts/live.js';
import { liveEvidenceSources } from '../src/alerts/live-sources.js';
import type { ReportPart } from '../src/alerts/render.js';
import type { Backends } from '../src/backends/index.js';
import { ConfigError } from '../src/config/errors.js';
import { sanitize } from '../src/output/sanitize.js';
import type { SloDefinition } from '../src/slo/types.js';
import type { DependencyEdge } from '../src/traces/index.js';
import type { ServiceEdge } from '../src/alerts/topology.js';
import { parseDuration } from '../src/time/time.js';
import { EXIT, ExitWith } from './io.js';
import { optimiseOnlyHotCode } from './one-shot.js';
import type { Session } from './session.js';

export interface CorrelateFlags {
  window: string;
  since: string;
  replay?: string;
  topology?: string;
  edge: string[];
  evidenceBudget: string;
}

export async function runAlertsCorrelate(s: Session, o: CorrelateFlags): Promise<void> {
  optimiseOnlyHotCode();
  const format = s.format();
  if (format === 'csv') throw new ConfigError('--output csv is not supported by alerts correlate', 'use table, json or yaml');
  const gapMs = parseDuration(o.window);
  const budgetMs = parseDuration(o.evidenceBudget);
  const sinceMs = parseDuration(o.since);
  const manualEdges = o.edge.map(parseEdge);
  if (o.replay === '-' && o.topology === '-') throw new ConfigError('--replay and --topology cannot both read standard input');

  const input = o.replay !== undefined ? await replayInput(s, o, sinceMs) : await liveInput(s, o, sinceMs, budgetMs, gapMs, manualEdges);
  const groups = input.groups ?? analyzeAlerts(input.alerts, {
    gapMs, dependencies: input.dependencies, manualEdges, evidence: input.evidence, placement: input.placement, service: input.service,
  });
  const report = toCorrelationJson(groups);
  if (format !== 'table') {
    s.output([], [], report);
    return;
  }
  const { renderCorrelation } = await import('../src/alerts/render.js');
  const colorize = s.color ? colorizer(await import('chalk')) : undefined;
  s.print(renderCorrelation(report, { width: s.width, now: input.now, replayed: o.replay !== undefined, colorize }).join('\n'));
}

interface CorrelationInput {
  alerts: Alert[];
  dependencies: DependencyEdge[];
  /** Instances and hosts, from a knowledge graph given with --topology. */
  placement?: Placement;
  evidence?: Evidence;
  /** The moment the alerts describe: now, or when a replayed file was captured. */
  now: number;
  /** How alerts name their service in this context (src/identity). */
  service?: ServiceOptions;
  /** Already analysed (the live path); otherwise the alerts are analysed with the rest. */
  groups?: AnalyzedGroup[];
}

/** Alerts from the context's Alertmanager and Prometheus, analysed once (src/alerts/live-analysis.ts). */
async function liveInput(s: Session, o: CorrelateFlags, sinceMs: number, budgetMs: number, gapMs: number, manualEdges: ServiceEdge[]): Promise<CorrelationInput> {
  const backends = await s.backends();
  const now = s.io.now();
  if (!backends.has('alertmanager') && !backends.has('prometheus')) {
    throw new ConfigError(`context "${backends.context.name}" has no alertmanager or prometheus URL`, 'set one with `obs context set NAME alertmanager.url URL`, or replay a file with --replay FILE');
  }
  const topology = o.topology !== undefined ? await readFileInput(s, o.topology, '--topology', (await import('../src/alerts/replay.js')).parseTopology) : undefined;
  const identity = identityOf(backends, s.io.now);
  const sources = liveEvidenceSources(backends, identity, { now, slos: () => contextSlos(s, backends) });
  const analysis = await analyzeLive(backends, {
    now, sinceMs, gapMs, manualEdges, service: identity.alertOptions, timeBudgetMs: budgetMs, ...sources, ...(topology ? { topology } : {}),
  });
  warnAll(s, analysis.failed.alerts);
  if (analysis.answered.length === 0) throw new ExitWith(EXIT.backend, 'no alert source answered: the correlation is unknown');
  if (backends.has('alertmanager') && !analysis.answered.some((source) => source.startsWith('alertmanager'))) {
    s.warn('alerts from Prometheus only: silences and inhibitions are unknown');
  }
  const { asked, skipped } = analysis;
  if (skipped.length > 0) {
    s.warn(`traces and log patterns asked for the ${asked.length} leading suspects (${asked.map((x) => sanitize(x)).join(', ')}); skipped for ${skipped.length} more: ${skipped.slice(0, 5).map((x) => sanitize(x)).join(', ')}${skipped.length > 5 ? ', …' : ''}`);
  }
  warnAll(s, analysis.failed.evidence);
  return { alerts: analysis.alerts, dependencies: [], now, groups: analysis.groups };
}

/** The context's SLO specs, if it has any (a spec problem only warns here). */
async function contextSlos(s: Session, backends: Backends): Promise<readonly SloDefinition[]> {
  if (!backends.has('prometheus')) return [];
  const [{ loadContextSlos }, { ConfigStore, configDir }] = await Promise.all([import('../src/slo/live.js'), import('../src/config/store.js')]);
  const configFile = s.opts.demo ? undefined : new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
  const { slos, problems } = await loadContextSlos(backends.context.context, process.cwd(), configFile);
  if (problems.length) s.warn(`SLO specs have ${problems.length} problem(s); see \`obs slo list\``);
  return slos;
}

/** Alerts from a captured file; topology from --topology, else from the context's Jaeger if it has one. */
async function replayInput(s: Session, o: CorrelateFlags, sinceMs: number): Promise<CorrelationInput> {
  const { parseReplayAlerts, parseTopology } = await import('../src/alerts/replay.js');
  const replayed = await readFileInput(s, o.replay!, '--replay', parseReplayAlerts);
  const now = replayed.asOf ?? s.io.now();
  const alerts = since(replayed.alerts, now - sinceMs);
  if (o.topology !== undefined) {
    const topology = await readFileInput(s, o.topology, '--topology', parseTopology);
    return { alerts, dependencies: topology.dependencies, placement: topology.placement, now };
  }
  return { alerts, dependencies: await contextTopology(s, sinceMs), now };
}

async function contextTopology(s: Session, sinceMs: number): Promise<DependencyEdge[]> {
  const noGraph = 'so alerts are related by labels only; pass --topology FILE (or --edge parent:child)';
  let backends: Backends;
  try {
    backends = await s.backends();
  } catch (err) {
    s.warn(`no topology (${err instanceof Error ? sanitize(err.message) : 'no context'}), ${noGraph}`);
    return [];
  }
  if (!backends.has('jaeger')) {
    s.warn(`no topology: context "${backends.context.name}" has no Jaeger, ${noGraph}`);
    return [];
  }
  const gathered = await gatherEvidence(backends, [], { start: s.io.now() - sinceMs, end: s.io.now() });
  warnAll(s, gathered.failed);
  return gathered.dependencies;
}

/** Alerts that started in the look-back window (an old alert still firing is another story). */
function since(alerts: Alert[], start: number): Alert[] {
  return alerts.filter((a) => a.startsAt >= start);
}

async function readFileInput<T>(s: Session, file: string, flag: string, parse: (text: string) => T): Promise<T> {
  const { FileProblems } = await import('../src/alerts/replay.js');
  const name = file === '-' ? '<stdin>' : sanitize(file);
  let text: string;
  try {
    text = file === '-' ? await readStream(s.io.stdin) : await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${flag} ${name}: cannot read it${code ? ` (${code})` : ''}`);
  }
  try {
    return parse(text);
  } catch (err) {
    if (!(err instanceof FileProblems)) throw err;
    for (const p of err.problems) s.io.stderr.write(`${name}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}\n`);
    const n = err.problems.length;
    throw new ExitWith(EXIT.usage, `${flag} ${name}: ${n === 1 ? 'this problem' : `these ${n} problems`} must be fixed first`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function parseEdge(text: string): { parent: string; child: string } {
  const i = text.indexOf(':');
  const parent = text.slice(0, i).trim();
  const child = text.slice(i + 1).trim();
  if (i < 0 || !parent || !child) throw new ConfigError(`--edge ${sanitize(text)}: expected parent:child, e.g. --edge checkout:payments (checkout calls payments)`);
  return { parent, child };
}

function warnAll(s: Session, failed: SourceFailure[]): void {
  for (const f of failed) s.warn(`${f.source}: ${f.message}`);
}

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'cyan' | 'gray'> = { critical: 'red', warning: 'yellow', info: 'cyan', none: 'gray' };

/** Loaded only for a table on a colour terminal. */
function colorizer({ default: chalk, Chalk }: typeof import('chalk')): (text: string, part: ReportPart, severity: Severity) => string {
  const c = new Chalk({ level: chalk.level || 1 });
  return (text, part, severity) => {
    switch (part) {
      case 'severity':
        return c[SEVERITY_COLOR[severity]].bold(text);
      case 'title':
      case 'heading':
        return c.bold(text);
      case 'top':
        return c.green.bold(text);
      case 'meta':
      case 'score':
        return c.dim(text);
      default:
        return text;
    }
  };
}
