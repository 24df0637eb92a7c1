/**
 * The LogHub benchmark format (github.com/logpai/loghub) and its measures (grouping accuracy,
 * its F1 form, parsing accuracy), used to measure the pattern miner. Pure: callers read the files.
 */

/** Parses CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface LabelledLine {
  content: string;
  eventId: string;
  eventTemplate: string;
}

/** The rows of a `<System>_2k.log_structured.csv` file: content and ground-truth event. */
export function readStructured(csvText: string): LabelledLine[] {
  const [header, ...rows] = parseCsv(csvText);
  if (!header) return [];
  const column = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`structured log CSV has no ${name} column`);
    return i;
  };
  const content = column('Content');
  const eventId = column('EventId');
  const eventTemplate = column('EventTemplate');
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({ content: r[content] ?? '', eventId: r[eventId] ?? '', eventTemplate: r[eventTemplate] ?? '' }));
}

interface PredictedGroup {
  event: string | number;
  size: number;
  /** every line of the group has the same true event */
  pure: boolean;
}

/** The predicted groups, each with its first line's true event, and the size of each true event. */
function compareGroups(predicted: ArrayLike<string | number>, truth: ArrayLike<string | number>): { groups: Map<string | number, PredictedGroup>; truthSize: Map<string | number, number> } {
  if (predicted.length !== truth.length) throw new Error('predicted and truth differ in length');
  const truthSize = new Map<string | number, number>();
  for (let i = 0; i < truth.length; i++) truthSize.set(truth[i]!, (truthSize.get(truth[i]!) ?? 0) + 1);
  const groups = new Map<string | number, PredictedGroup>();
  for (let i = 0; i < predicted.length; i++) {
    const g = groups.get(predicted[i]!);
    if (!g) groups.set(predicted[i]!, { event: truth[i]!, size: 1, pure: true });
    else {
      g.size++;
      if (g.event !== truth[i]) g.pure = false;
    }
  }
  return { groups, truthSize };
}

/** A predicted group is right when all its lines share one event and it holds all of them. */
const isExact = (g: PredictedGroup, truthSize: Map<string | number, number>): boolean => g.pure && truthSize.get(g.event) === g.size;

/**
 * Grouping Accuracy: the share of lines whose predicted group holds exactly the lines that share
 * their true event. `predicted[i]` and `truth[i]` label line i.
 */
export function groupingAccuracy(predicted: ArrayLike<string | number>, truth: ArrayLike<string | number>): number {
  const { groups, truthSize } = compareGroups(predicted, truth);
  if (truth.length === 0) return 1;
  let correct = 0;
  for (const g of groups.values()) if (isExact(g, truthSize)) correct += g.size;
  return correct / truth.length;
}

/**
 * F1 of grouping accuracy (FGA): a predicted group is right when it holds exactly the lines of
 * one true event; precision is the share of predicted groups that are right, recall the share of
 * true events found, each group counted once whatever its size.
 */
export function f1GroupingAccuracy(predicted: ArrayLike<string | number>, truth: ArrayLike<string | number>): number {
  const { groups, truthSize } = compareGroups(predicted, truth);
  if (truth.length === 0) return 1;
  let right = 0;
  for (const g of groups.values()) if (isExact(g, truthSize)) right++;
  const precision = right / groups.size;
  const recall = right / truthSize.size;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Parsing accuracy (PA): the share of lines whose template is the true template, text for text
 * (runs of whitespace count as one space).
 */
export function parsingAccuracy(templates: readonly string[], truth: readonly string[]): number {
  if (templates.length !== truth.length) throw new Error('templates and truth differ in length');
  if (truth.length === 0) return 1;
  const normal = (t: string): string => t.trim().replace(/\s+/g, ' ');
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (normal(templates[i]!) === normal(truth[i]!)) right++;
  return right / truth.length;
}
