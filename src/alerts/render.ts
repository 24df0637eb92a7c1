/**
 * The table face of `obs alerts correlate`: each incident group as a block of lines (title,
 * severity, services, time span, ranked root causes with their reasons, the explanation), word
 * wrapped to the terminal width with hanging indents. Drawn from the JSON report, so both faces say
 * the same thing.
 */
import { sanitize } from '../output/sanitize.js';
import { formatDuration } from '../time/time.js';
import { cellWidth } from '../output/cells.js';
import type { Severity } from './classify.js';
import type { RootCauseCandidate } from './rank.js';
import type { CorrelationGroupJson, CorrelationJson } from './report.js';

export type ReportPart = 'severity' | 'title' | 'heading' | 'meta' | 'top' | 'service' | 'score' | 'text';

export interface RenderReportOptions {
  /** Terminal columns. */
  width: number;
  /** For the age of groups still active: now, or when a replayed file was captured. */
  now: number;
  /** The alerts came from a file (`now` is when it was captured). */
  replayed?: boolean;
  /** Candidates shown with their reasons; the others share one line. Default 3. */
  candidates?: number;
  colorize?: (text: string, part: ReportPart, severity: Severity) => string;
}

const DEFAULT_CANDIDATES = 3;
const MIN_WIDTH = 40;

const clean = (s: string) => sanitize(s, { maxLength: 0 });

/** Words of `text` in lines of at most `width` columns; the first line after `first`, the others after `rest`. */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && cellWidth(line) + 1 + cellWidth(word) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

const seconds = (ms: number) => formatDuration(Math.max(0, Math.floor(ms / 1000) * 1000));

function span(g: CorrelationGroupJson, now: number, replayed: boolean): string {
  const start = Date.parse(g.startsAt);
  if (g.endsAt === null) {
    const active = seconds(now - start);
    return replayed ? `${time(g.startsAt)} → still active when captured (${active} in)` : `${time(g.startsAt)} → now (active for ${active})`;
  }
  return `${time(g.startsAt)} → ${time(g.endsAt)} (${seconds(Date.parse(g.endsAt) - start)}, resolved)`;
}

/** `payments`, `payments-1 (instance of payments)` or `host node-2`. */
function candidateName(cand: RootCauseCandidate): string {
  if (cand.level === 'instance' && cand.instance !== undefined) return `${clean(cand.instance)} (instance of ${clean(cand.service)})`;
  if (cand.level === 'host') return `host ${clean(cand.service)}`;
  return clean(cand.service);
}

function renderGroup(g: CorrelationGroupJson, o: Required<Omit<RenderReportOptions, 'colorize'>> & Pick<RenderReportOptions, 'colorize'>): string[] {
  const c = (text: string, part: ReportPart) => (o.colorize ? o.colorize(text, part, g.severity) : text);
  const width = Math.max(MIN_WIDTH, o.width);
  // Wrapped on plain text; `shownFirst` (the first prefix, coloured) replaces `first` afterwards.
  const block = (text: string, first: string, rest: string, part: ReportPart = 'text', shownFirst = first) =>
    wrap(clean(text), width, first, rest).map((line, i) => (i === 0 ? shownFirst + c(line.slice(first.length), part) : rest + c(line.slice(rest.length), part)));

  const severity = g.severity.toUpperCase();
  const lines = wrap(clean(g.title), width, `${severity}  `, ' '.repeat(severity.length + 2))
    .map((line, i) => (i === 0 ? c(severity, 'severity') + '  ' + c(line.slice(severity.length + 2), 'title') : c(line, 'title')));
  const alerts = `${g.alerts.length} alert${g.alerts.length === 1 ? '' : 's'}`;
  lines.push(...block(`${span(g, o.now, o.replayed)} · ${alerts} · group ${clean(g.id)}`, '  ', '    ', 'meta'));
  lines.push(...block(g.services.join(', '), '  services ', '    ', 'text', `  ${c('services', 'heading')} `));

  lines.push(`  ${c('root cause', 'heading')}`);
  const shown = g.rootCause.slice(0, o.candidates);
  shown.forEach((cand, i) => {
    const service = c(candidateName(cand), i === 0 ? 'top' : 'service');
    lines.push(`    ${i + 1}. ${service}  ${c(`score ${cand.score}`, 'score')}`);
    for (const reason of cand.reasons) lines.push(...block(reason, '       - ', '         '));
  });
  const others = g.rootCause.slice(o.candidates);
  if (others.length > 0) lines.push(...block(`also: ${others.map((x) => `${candidateName(x)} ${x.score}`).join(', ')}`, '    ', '      ', 'meta'));

  lines.push(`  ${c('explanation', 'heading')}`);
  for (const line of g.explanation) lines.push(...block(line, '    - ', '      '));
  return lines;
}

/** Every group, separated by a blank line, after a one-line summary. */
export function renderCorrelation(report: CorrelationJson, options: RenderReportOptions): string[] {
  const o = { candidates: DEFAULT_CANDIDATES, replayed: false, ...options };
  const groups = report.groups.length;
  const alerts = report.groups.reduce((n, g) => n + g.alerts.length, 0);
  if (groups === 0) return ['no alerts to correlate'];
  const lines = [`${alerts} alert${alerts === 1 ? '' : 's'} in ${groups} incident group${groups === 1 ? '' : 's'}, most severe first`];
  for (const g of report.groups) lines.push('', ...renderGroup(g, o));
  return lines;
}
