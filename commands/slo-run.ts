import chalk, { Chalk } from 'chalk';
import { ConfigError } from '../src/config/errors.js';
import { BackendError } from '../src/http/errors.js';
import { renderJson, renderTable, renderYaml, type Column } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { sparkline } from '../src/output/sparkline.js';
import { isUtf8 } from '../src/output/terminal.js';
import { toAscii } from '../views/glyphs.js';
import { parseTime } from '../src/time/time.js';
import {
  budgetHistories,
  evaluateSlos,
  exitCode,
  formatExplain,
  formatJson,
  formatJunit,
  formatMarkdown,
  formatProblem,
  GateSyntaxError,
  loadSloFiles,
  parseGate,
  reportJson,
  statusRow,
  type BudgetPoint,
  type Gate,
  type QueryFn,
  type SloDefinition,
  type SloReport,
  type SloResult,
  type SloStatusRow,
  type Verdict,
} from '../src/slo/index.js';
import { anyPartial } from '../src/backends/prometheus/warnings.js';
import { decimal, instant, percent, span } from '../src/slo/format.js';
import { NO_SPECS_HINT, sloSpecPaths } from '../src/slo/locate.js';
import { prometheusRangeQuery, warnedQuery } from '../src/slo/prometheus.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

export interface SloFlags {
  file?: string[];
  at?: string;
  gate?: string[];
  strict?: boolean;
}

/** Points in the budget sparkline of `obs slo status`. */
const HISTORY_POINTS = 12;
const BAR_CELLS = 8;

export async function runSloCheck(s: Session, o: SloFlags): Promise<void> {
  const gates = parseGates(o.gate);
  const format = s.format(['junit', 'markdown']);
  const slos = await loadSpecs(s, o);
  const report = await evaluate(s, slos, evaluationInstant(s, o), gates);
  if (format === 'json') s.print(formatJson(report));
  else if (format === 'yaml') s.print(renderYaml(reportJson(report)));
  else if (format === 'junit') s.print(formatJunit(report));
  else if (format === 'markdown') s.print(formatMarkdown(report));
  else if (format === 'csv') s.output(lines(report), CSV_COLUMNS, null);
  else s.print(checkTable(s, report));
  const code = exitCode(report.results, { strict: o.strict, partial: anyPartial(report.warnings) });
  if (code !== EXIT.ok) throw new ExitWith(code);
}

export async function runSloStatus(s: Session, o: SloFlags): Promise<void> {
  const format = s.format();
  const slos = await loadSpecs(s, o);
  const report = await evaluate(s, slos, evaluationInstant(s, o), []);
  const histories = await budgetHistories(report.results, prometheusRangeQuery((await s.backends()).prometheus), HISTORY_POINTS);
  const rows = lines(report, histories);
  const json = {
    at: instant(report.at),
    verdict: report.verdict,
    warnings: report.warnings,
    slos: rows.map(({ row, history }) => ({
      ...row,
      exhaustsAt: row.exhaustsAt === null ? null : instant(row.exhaustsAt),
      budgetHistory: history ? history.map((p) => ({ t: instant(p.t), remaining: p.remaining })) : null,
    })),
  };
  if (format === 'table') s.print(humanTable(s, rows, statusColumns(s)));
  else s.output(rows, CSV_COLUMNS, json);
  const code = unknownResultCode(report);
  if (code !== EXIT.ok) throw new ExitWith(code);
}

export async function runSloExplain(s: Session, name: string, o: SloFlags): Promise<void> {
  const gates = parseGates(o.gate);
  const format = s.format();
  if (format === 'csv') throw new ConfigError('--output csv is not supported by obs slo explain', 'use table (text), json or yaml');
  const slos = await loadSpecs(s, o);
  const slo = slos.find((x) => x.name === name);
  if (!slo) {
    throw new ConfigError(`no SLO named "${sanitize(name, { maxLength: 200 })}"`, `the specs define: ${slos.map((x) => sanitize(x.name, { maxLength: 200 })).join(', ')}`);
  }
  const report = await evaluate(s, [slo], evaluationInstant(s, o), gates);
  const result = report.results[0];
  if (format === 'json') s.print(renderJson(reportJson(report).slos[0]));
  else if (format === 'yaml') s.print(renderYaml(reportJson(report).slos[0]));
  else s.print(formatExplain(result));
  const code = unknownResultCode(report);
  if (code !== EXIT.ok) throw new ExitWith(code);
}

export async function runSloList(s: Session, o: SloFlags): Promise<void> {
  const slos = await loadSpecs(s, o);
  s.output(slos, listColumns, {
    slos: slos.map((x) => ({
      name: x.name,
      service: x.service,
      description: x.description,
      objective: x.objective,
      period: x.period.label,
      periodKind: x.period.kind,
      budgetingMethod: x.budgeting.method,
      indicator: publicIndicator(x.indicator),
      format: x.format,
      file: x.source.file,
      line: x.source.line,
    })),
  });
}

/**
 * Specs from -f, else the context's sloDir, else ./slos or ./slo. Any problem: all printed as file:line, exit 2.
 * None found (or none defined in them): a usage error, or with `optional` no SLOs.
 */
export async function loadSpecs(s: Session, o: SloFlags, { optional = false } = {}): Promise<SloDefinition[]> {
  const found = o.file?.length
    ? sloSpecPaths({ files: o.file, cwd: process.cwd() })
    : sloSpecPaths({ sloDir: (await s.context()).context.sloDir, configFile: await configFile(s), cwd: process.cwd() });
  if (!found && optional) return [];
  if (!found) throw new ConfigError('no SLO specs found', NO_SPECS_HINT);
  const { slos, problems } = await loadSloFiles(found.paths);
  if (problems.length > 0) {
    for (const p of problems) s.io.stderr.write(`${sanitize(formatProblem(p), { maxLength: 2000 })}\n`);
    throw new ExitWith(EXIT.usage, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the SLO specs`);
  }
  if (slos.length === 0 && optional) return [];
  if (slos.length === 0) throw new ConfigError(`no SLOs defined in ${found.paths.map((p) => sanitize(p)).join(', ')}`, NO_SPECS_HINT);
  return slos;
}

/** The config file a stored context came from, so its relative sloDir is read from there. */
async function configFile(s: Session): Promise<string | undefined> {
  if (s.opts.demo) return undefined;
  const { ConfigStore, configDir } = await import('../src/config/store.js');
  return new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
}

function parseGates(texts: string[] = []): Gate[] {
  return texts.map((t) => {
    try {
      return parseGate(t);
    } catch (e) {
      if (e instanceof GateSyntaxError) throw new ConfigError(sanitize(e.message), 'gates look like remaining<10%, consumed>=50%, burn(1h)>2, sli(30d)<99.5%, error(1d)>0.5%, warn:burn(6h)>1');
      throw e;
    }
  });
}

/** --at, else now to the second (reports read better without milliseconds). */
function evaluationInstant(s: Session, o: SloFlags): number {
  const now = s.io.now();
  return o.at ? parseTime(o.at, now) : Math.floor(now / 1000) * 1000;
}

/**
 * Evaluate against the context's Prometheus. A query Prometheus refuses as malformed (HTTP 400)
 * is the spec's fault (exit 2); other failures leave that SLO NO_DATA and are told once on stderr,
 * as are the backend's warnings.
 */
export async function evaluate(s: Session, slos: SloDefinition[], at: number, gates: Gate[]): Promise<SloReport & { warnings: string[] }> {
  const { query: base, warnings } = warnedQuery((await s.backends()).prometheus);
  const failures = new Map<string, BackendError>();
  const query: QueryFn = async (promql, atMs) => {
    try {
      return await base(promql, atMs);
    } catch (e) {
      if (e instanceof BackendError && e.kind === 'http' && e.status === 400) {
        throw Object.assign(new Error(`Prometheus refused ${promql}: ${e.message}`), { kind: 'spec' });
      }
      if (e instanceof BackendError) failures.set(e.oneLine(), e);
      throw e;
    }
  };
  const report = await evaluateSlos(slos, query, { at, gates });
  s.tellWarnings('prometheus', warnings);
  for (const line of failures.keys()) s.warn(line);
  for (const r of report.results) {
    if (r.error?.kind !== 'spec') continue;
    // A latency threshold that is no bucket boundary points at the threshold; other errors (a query Prometheus refused) at the SLO.
    const where = (r.error.field === 'threshold' && r.slo.indicator.kind === 'latency' && r.slo.indicator.thresholdAt) || r.slo.source;
    s.io.stderr.write(`${sanitize(`${where.file}:${where.line}: ${r.slo.name}: ${r.error.message}`, { maxLength: 2000 })}\n`);
  }
  return { ...report, warnings: [...warnings] };
}

/** status and explain report rather than judge: they fail only when the answer is unknown or partial. */
function unknownResultCode({ results, warnings }: { results: readonly SloResult[]; warnings: readonly string[] }): number {
  if (results.some((r) => r.error?.kind === 'spec')) return EXIT.usage;
  if (anyPartial(warnings) || results.some((r) => r.error !== null && r.error.kind !== 'no_data')) return EXIT.backend;
  return EXIT.ok;
}

/** One SLO in a human table; `history` only in `obs slo status`. */
interface Line {
  result: SloResult;
  row: SloStatusRow;
  history?: BudgetPoint[] | null;
}

/** A column and how long it stays when the terminal is narrow (the lowest `keep` goes first). */
type RankedColumn = Column<Line> & { keep: number };

function lines(report: SloReport, histories: (BudgetPoint[] | null)[] = []): Line[] {
  return report.results.map((result, i) => ({ result, row: statusRow(result), history: histories[i] }));
}

const COMMON_COLUMNS: Record<string, RankedColumn> = {
  verdict: { header: 'VERDICT', value: ({ row }) => row.verdict, keep: 8 },
  slo: { header: 'SLO', value: ({ row }) => row.name, keep: 9 },
  objective: { header: 'OBJECTIVE', value: ({ row }) => `${percent(row.objective)} / ${row.period}`, keep: 2 },
  sli: { header: 'SLI', value: ({ row }) => percent(row.sli), align: 'right', keep: 6 },
  burn: { header: 'BURN 1h', value: ({ row }) => decimal(row.burnNow), align: 'right', keep: 5 },
  alert: { header: 'ALERT', value: ({ row }) => row.firingAlert ?? '—', keep: 4 },
};

function checkColumns(): RankedColumn[] {
  const c = COMMON_COLUMNS;
  return [
    c.verdict, c.slo, c.objective, c.sli,
    { header: 'BUDGET LEFT', value: ({ row }) => percent(row.budgetRemaining, 1), align: 'right', keep: 7 },
    c.burn, c.alert,
    { header: 'EXHAUSTS', value: ({ result }) => exhaustion(result), keep: 3 },
    { header: 'DATA', value: ({ row }) => percent(row.coverage, 0), align: 'right', keep: 1 },
  ];
}

/**
 * `slo check` and `slo status` as data, one row per SLO: the JSON fields, numbers unrounded
 * (ratios 0..1, budgetRemaining negative when overspent), times RFC3339, empty when unknown.
 */
const CSV_COLUMNS: Column<Line>[] = [
  { header: 'name', value: ({ row }) => row.name },
  { header: 'service', value: ({ row }) => row.service },
  { header: 'verdict', value: ({ row }) => row.verdict },
  { header: 'objective', value: ({ row }) => row.objective },
  { header: 'period', value: ({ row }) => row.period },
  { header: 'sli', value: ({ row }) => row.sli },
  { header: 'budgetRemaining', value: ({ row }) => row.budgetRemaining },
  { header: 'burnNow', value: ({ row }) => row.burnNow },
  { header: 'firingAlert', value: ({ row }) => row.firingAlert },
  { header: 'exhaustsAt', value: ({ row }) => (row.exhaustsAt === null ? null : instant(row.exhaustsAt)) },
  { header: 'coverage', value: ({ row }) => row.coverage },
];

function statusColumns(s: Session): RankedColumn[] {
  const ascii = !isUtf8(s.io.env);
  const c = COMMON_COLUMNS;
  return [
    c.verdict, c.slo, c.objective, c.sli,
    { header: 'BUDGET LEFT', value: ({ row }) => `${bar(row.budgetRemaining, ascii)} ${percent(row.budgetRemaining, 1).padStart(6)}`, keep: 7 },
    c.burn,
    { header: 'TREND', value: ({ history }) => budgetSparkline(history ?? null, ascii), keep: 4 },
    { ...c.alert, keep: 3 },
    { header: 'DATA', value: ({ row }) => percent(row.coverage, 0), align: 'right', keep: 1 },
  ];
}

/** A table that fits the terminal: the least useful columns are left out first, then the widest is cut. */
function humanTable(s: Session, rows: Line[], columns: RankedColumn[]): string {
  const width = s.width || 120; // a terminal that reports no size
  const widths = columns.map((c) => Math.max(c.header.length, ...rows.map((r) => String(c.value(r) ?? '').length)));
  const kept = columns.map((_, i) => i);
  const total = () => kept.reduce((sum, i) => sum + widths[i] + 3, 1);
  while (total() > width && kept.length > 3) {
    const least = kept.reduce((a, b) => (columns[b].keep < columns[a].keep ? b : a));
    kept.splice(kept.indexOf(least), 1);
  }
  return colourVerdicts(s, renderTable(rows, kept.map((i) => columns[i]), { width, color: s.color, glyphs: s.ascii ? toAscii : undefined }));
}

function checkTable(s: Session, report: SloReport): string {
  const out = [humanTable(s, lines(report), checkColumns())];
  const explained = report.results.filter((r) => r.verdict !== 'OK' && r.reasons.length > 0);
  if (explained.length > 0) {
    out.push('');
    for (const r of explained) for (const reason of r.reasons) out.push(sanitize(`${r.slo.name}: ${reason}`, { maxLength: 1000 }));
  }
  const counts = (['BREACHED', 'NO_DATA', 'WARNING', 'OK'] as const)
    .map((v) => [v, report.results.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  out.push('', `${colourVerdicts(s, report.verdict)} at ${instant(report.at)} (${counts.join(', ')})`);
  return out.join('\n');
}

const listColumns: Column<SloDefinition>[] = [
  { header: 'SLO', value: (x) => x.name },
  { header: 'SERVICE', value: (x) => x.service },
  { header: 'OBJECTIVE', value: (x) => `${percent(x.objective)} / ${x.period.label}${x.period.kind === 'calendar' ? ' (calendar)' : ''}` },
  { header: 'BUDGETING', value: (x) => x.budgeting.method },
  { header: 'INDICATOR', value: (x) => indicatorSummary(x) },
  { header: 'SPEC', value: (x) => `${x.source.file}:${x.source.line}` },
];

/** The indicator as the spec states it, without where its parts were read (kept for error messages). */
function publicIndicator(indicator: SloDefinition['indicator']): SloDefinition['indicator'] {
  if (indicator.kind !== 'latency') return indicator;
  const { thresholdAt: _where, ...stated } = indicator;
  return stated;
}

function indicatorSummary(x: SloDefinition): string {
  const i = x.indicator;
  return i.kind === 'latency' ? `latency <= ${i.threshold}` : `${i.numerator}/total`;
}

/** The budget left as a bar of BAR_CELLS cells; empty when overspent. */
export function bar(remaining: number | null, ascii: boolean): string {
  const [full, empty] = ascii ? ['#', '-'] : ['█', '░'];
  if (remaining === null) return ' '.repeat(BAR_CELLS);
  const filled = Math.round(Math.min(1, Math.max(0, remaining)) * BAR_CELLS);
  return full.repeat(filled) + empty.repeat(BAR_CELLS - filled);
}

/** The burn-down from 100% (top) to what is left (negative when overspent). */
function budgetSparkline(history: BudgetPoint[] | null, ascii: boolean): string {
  if (!history) return '';
  const values = history.map((p) => p.remaining ?? undefined);
  const lowest = Math.min(0, ...values.filter((v): v is number => v !== undefined));
  return sparkline(values, HISTORY_POINTS, { ascii, min: lowest, max: 1 });
}

/** When the budget runs out at the current burn; not within one more period is as good as never. */
function exhaustion(r: SloResult): string {
  if (r.exhaustsAt === null || r.exhaustsAt - r.at > r.slo.period.ms) return '—';
  return r.exhaustsAt <= r.at ? 'already' : `in ${span(r.exhaustsAt - r.at)}`;
}

const PAINT: Record<Verdict, (c: InstanceType<typeof Chalk>, text: string) => string> = {
  OK: (c, t) => c.green(t),
  WARNING: (c, t) => c.yellow(t),
  BREACHED: (c, t) => c.red.bold(t),
  NO_DATA: (c, t) => c.magenta(t),
};

/** Colour the verdict at the start of each line (the first column); nothing without colour. */
function colourVerdicts(s: Session, text: string): string {
  if (!s.color) return text;
  const c = new Chalk({ level: chalk.level || 1 });
  return text.replace(/^(\s*)(OK|WARNING|BREACHED|NO_DATA)\b/gm, (_, space: string, v: Verdict) => space + PAINT[v](c, v));
}
