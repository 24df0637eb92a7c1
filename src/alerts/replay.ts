/**
 * The files of `obs alerts correlate --replay FILE --topology FILE`: a capture of Alertmanager's
 * `GET /api/v2/alerts` and of Jaeger's `GET /api/dependencies`. Hand-written files are welcome (rule
 * tests in CI), so only what correlation needs is required; whatever is there must have the right
 * type. Problems name the line of the item at fault.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { sanitize } from '../output/sanitize.js';
import { normalizeDependencies, type DependencyEdge } from '../traces/index.js';
import type { Alert } from './model.js';
import { readKnowledgeGraph } from './knowledge-graph.js';
import { fromAlertmanagerAlerts } from './normalize.js';
import { emptyPlacement, type Placement } from './placement.js';
import { isRecord } from '../json/record.js';

export interface FileProblem {
  line?: number;
  message: string;
}

/** A file that cannot be read as what it should be; every problem found, each with its line when known. */
export class FileProblems extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map((p) => (p.line === undefined ? p.message : `line ${p.line}: ${p.message}`)).join('; '));
    this.name = 'FileProblems';
  }
}

export interface ReplayedAlerts {
  alerts: Alert[];
  /**
   * The moment the file describes: its newest `updatedAt` or `startsAt` (when it was captured). An
   * alert whose `endsAt` is at or before it had resolved; undefined for a file without alerts.
   */
  asOf?: number;
}

const MAX_PROBLEMS = 20;

type Json = Record<string, unknown>;
const show = (v: unknown) => (v === undefined ? 'nothing' : sanitize(JSON.stringify(v) ?? String(v), { maxLength: 60 }));
const validTime = (v: unknown) => typeof v === 'string' && Number.isFinite(Date.parse(v));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    // V8 names a position for some errors only; the others quote the text around the fault.
    const what = sanitize(message.replace(/ in JSON at position \d+.*$/s, ''), { maxLength: 200 });
    throw new FileProblems([{ line, message: `not valid JSON: ${what}` }]);
  }
}

/** Line of each item of the top-level array (or of the array under `key`), found only when needed. */
function itemLines(text: string, key?: string): (number | undefined)[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  let list: unknown = doc.contents;
  if (key !== undefined && isMap(list)) list = list.get(key, true);
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const start = (item as Node | null)?.range?.[0];
    return start === undefined ? undefined : counter.linePos(start).line;
  });
}

function withLines(problems: { index: number; message: string }[], text: string, key?: string): FileProblem[] {
  const lines = itemLines(text, key);
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => ({ line: lines[p.index], message: `item ${p.index + 1}: ${p.message}` }));
  if (problems.length > MAX_PROBLEMS) shown.push({ line: undefined, message: `and ${problems.length - MAX_PROBLEMS} more problems` });
  return shown;
}

function alertProblems(item: unknown): string[] {
  if (!isRecord(item)) return [`expected an alert object, found ${show(item)}`];
  const problems: string[] = [];
  if (!isRecord(item.labels)) problems.push('"labels" must be an object of label names to string values');
  else for (const [k, v] of Object.entries(item.labels)) if (typeof v !== 'string') problems.push(`label ${show(k)} must be a string, found ${show(v)}`);
  if (!validTime(item.startsAt)) problems.push(`"startsAt" must be an RFC3339 time, found ${show(item.startsAt)}`);
  for (const key of ['endsAt', 'updatedAt'] as const) {
    if (item[key] !== undefined && !validTime(item[key])) problems.push(`"${key}" must be an RFC3339 time, found ${show(item[key])}`);
  }
  if (item.annotations !== undefined && !isRecord(item.annotations)) problems.push('"annotations" must be an object');
  if (item.fingerprint !== undefined && typeof item.fingerprint !== 'string') problems.push('"fingerprint" must be a string');
  if (item.receivers !== undefined && !Array.isArray(item.receivers)) problems.push('"receivers" must be an array of {name}');
  if (item.status !== undefined) {
    if (!isRecord(item.status)) problems.push('"status" must be an object');
    else for (const key of ['silencedBy', 'inhibitedBy', 'mutedBy']) {
      if (item.status[key] !== undefined && !Array.isArray(item.status[key])) problems.push(`"status.${key}" must be an array of ids`);
    }
  }
  return problems;
}

/** A capture of Alertmanager's `GET /api/v2/alerts`: a JSON array of alerts. */
export function parseReplayAlerts(text: string): ReplayedAlerts {
  const body = parseJson(text);
  if (!Array.isArray(body)) {
    const hint = isRecord(body) && Array.isArray(body.data) ? ' (this looks like a Prometheus /api/v1/alerts or Jaeger answer)' : '';
    throw new FileProblems([{ line: 1, message: `expected the JSON array of Alertmanager's GET /api/v2/alerts, found ${isRecord(body) ? 'an object' : show(body)}${hint}` }]);
  }
  const problems = body.flatMap((item, index) => alertProblems(item).map((message) => ({ index, message })));
  if (problems.length > 0) throw new FileProblems(withLines(problems, text));
  let asOf: number | undefined;
  for (const item of body as Json[]) {
    for (const t of [item.startsAt, item.updatedAt]) {
      const ms = typeof t === 'string' ? Date.parse(t) : NaN;
      if (ms > 0 && (asOf === undefined || ms > asOf)) asOf = ms;
    }
  }
  return { alerts: fromAlertmanagerAlerts(body, asOf === undefined ? {} : { now: asOf }), asOf };
}

export interface Topology {
  dependencies: DependencyEdge[];
  /** From a knowledge graph: instances of services and the hosts they run on. */
  placement: Placement;
}

/**
 * A topology file: a capture of Jaeger's `GET /api/dependencies` (`{data: [{parent, child,
 * callCount}]}` or the bare array), or a typed knowledge graph `{nodes: [{id, type}], edges:
 * [{source, target, label}]}` (see `knowledge-graph.ts`).
 */
export function parseTopology(text: string): Topology {
  const body = parseJson(text);
  if (isRecord(body) && Array.isArray(body.nodes) && Array.isArray(body.edges)) {
    const { graph, problems } = readKnowledgeGraph(body.nodes, body.edges);
    if (problems.nodes.length > 0 || problems.edges.length > 0) {
      throw new FileProblems([...withLines(problems.nodes, text, 'nodes'), ...withLines(problems.edges, text, 'edges')].slice(0, MAX_PROBLEMS + 1));
    }
    return graph;
  }
  const enveloped = isRecord(body) && 'data' in body;
  const list = enveloped ? body.data : body;
  if (!Array.isArray(list)) {
    throw new FileProblems([{ line: 1, message: `expected Jaeger's /api/dependencies answer ({"data": [{"parent", "child", "callCount"}]} or the bare array) or a knowledge graph ({"nodes": [...], "edges": [...]}), found ${isRecord(list) ? 'an object' : show(list)}` }]);
  }
  const problems = list.flatMap((item, index) => {
    if (!isRecord(item)) return [{ index, message: `expected an edge {"parent", "child", "callCount"}, found ${show(item)}` }];
    return (['parent', 'child'] as const)
      .filter((key) => typeof item[key] !== 'string' || item[key] === '')
      .map((key) => ({ index, message: `"${key}" must be a service name, found ${show(item[key])}` }));
  });
  if (problems.length > 0) throw new FileProblems(withLines(problems, text, enveloped ? 'data' : undefined));
  return { dependencies: normalizeDependencies(list), placement: emptyPlacement() };
}
