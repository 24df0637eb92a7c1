/**
 * How well the default miner parses a labelled log (LogHub format, see loghub.ts): grouping
 * accuracy, its F1 form and parsing accuracy on the message column, and grouping accuracy on the
 * raw lines read the way `obs logs patterns --file` reads them, headers included. Pure: the
 * caller reads the files.
 */
import { parseInputLine } from './file-input.js';
import { type LabelledLine, f1GroupingAccuracy, groupingAccuracy, parsingAccuracy } from './loghub.js';
import { PatternMiner } from './miner.js';

export interface Accuracy {
  /** Grouping accuracy on the message column. */
  ga: number;
  /** F1 grouping accuracy on the message column. */
  fga: number;
  /** Parsing accuracy (exact templates) on the message column. */
  pa: number;
  /** Grouping accuracy on the raw lines, header included; absent without raw lines. */
  rawGa?: number;
}

/** Mines the lines in order with one default miner; the final pattern and template of each. */
function mineAll(lines: readonly string[]): { groups: number[]; templates: string[] } {
  const miner = new PatternMiner();
  const ids = lines.map((line) => miner.add(line).clusterId);
  const groups = ids.map((id) => miner.resolve(id) ?? -id);
  const template = new Map<number, string>();
  const templates = groups.map((g) => {
    let t = template.get(g);
    if (t === undefined) template.set(g, (t = miner.get(g)?.template ?? ''));
    return t;
  });
  return { groups, templates };
}

/**
 * Scores the labelled rows; `rawLines`, when given, are the system's raw lines in the same order
 * (one per row), mined as the command mines a file.
 */
export function measureAccuracy(rows: readonly LabelledLine[], rawLines?: readonly string[]): Accuracy {
  const truth = rows.map((r) => r.eventId);
  const content = mineAll(rows.map((r) => r.content));
  const result: Accuracy = {
    ga: groupingAccuracy(content.groups, truth),
    fga: f1GroupingAccuracy(content.groups, truth),
    pa: parsingAccuracy(content.templates, rows.map((r) => r.eventTemplate)),
  };
  if (rawLines) {
    if (rawLines.length !== rows.length) throw new Error(`${rawLines.length} raw lines for ${rows.length} labelled rows`);
    const raw = mineAll(rawLines.map((line) => parseInputLine(line).message));
    result.rawGa = groupingAccuracy(raw.groups, truth);
  }
  return result;
}
