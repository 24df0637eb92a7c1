import type { CompareOp, LabelFilter, Labels, LineFilter, Stage } from './ast.js';
import { extractJson, type ExtractResult } from './json.js';
import { compileMatcher } from './labels.js';
import { parseBytes, parseGoDuration } from './literal.js';
import { extractLogfmt } from './logfmt.js';
import { Pattern } from './pattern.js';
import { compileRegExp } from './regex.js';
import { compileTemplate } from './template.js';

/** A log line on its way through a pipeline. */
export interface Entry {
  line: string;
  labels: Labels;
}

/** Runs the stages over one entry: the transformed entry, or undefined when a filter drops it. */
export type Pipeline = (line: string, streamLabels: Labels) => Entry | undefined;

type Step = (e: Entry, stream: Labels) => boolean;

export function compilePipeline(stages: Stage[]): Pipeline {
  const steps = stages.map(compileStage);
  if (steps.length === 0) return (line, labels) => ({ line, labels });
  return (line, streamLabels) => {
    const entry: Entry = { line, labels: streamLabels };
    for (const step of steps) if (!step(entry, streamLabels)) return undefined;
    return entry;
  };
}

function compileStage(stage: Stage): Step {
  switch (stage.kind) {
    case 'lineFilter': {
      const test = compileLineFilter(stage.filter);
      return (e) => test(e.line);
    }
    case 'json':
      return parserStep((line) => extractJson(line, stage.extractions));
    case 'logfmt':
      return parserStep((line) => extractLogfmt(line, stage));
    case 'pattern': {
      const pattern = Pattern.forParser(stage.pattern);
      return parserStep((line) => ({ labels: pattern.match(line) ?? {} }));
    }
    case 'regexp': {
      const re = compileRegExp(stage.regexp);
      return parserStep((line) => {
        const groups = re.exec(line)?.groups ?? {};
        const labels: Labels = {};
        for (const [k, v] of Object.entries(groups)) if (v !== undefined) labels[k] = v;
        return { labels };
      });
    }
    case 'labelFilter': {
      const test = compileLabelFilter(stage.filter);
      return (e) => test(e.labels);
    }
    case 'lineFormat': {
      const render = compileTemplate(stage.template);
      return (e) => {
        e.line = render(e.labels, e.line);
        return true;
      };
    }
  }
}

/** Parsed labels join the entry's labels; a name already used by the stream gets the suffix `_extracted`, as in Loki. */
function parserStep(extract: (line: string) => ExtractResult): Step {
  return (e, stream) => {
    const result = extract(e.line);
    const labels: Labels = { ...e.labels };
    if ('error' in result) {
      labels.__error__ = result.error;
      labels.__error_details__ = result.details;
    } else {
      for (const [k, v] of Object.entries(result.labels)) labels[k in stream ? `${k}_extracted` : k] = v;
    }
    e.labels = labels;
    return true;
  };
}

function compileLineFilter(f: LineFilter): (line: string) => boolean {
  const negated = f.op === '!=' || f.op === '!~' || f.op === '!>';
  let any: (line: string) => boolean;
  if (f.op === '|=' || f.op === '!=') any = (line) => f.values.some((v) => line.includes(v));
  else if (f.op === '|~' || f.op === '!~') {
    const res = f.values.map((v) => compileRegExp(v));
    any = (line) => res.some((re) => re.test(line));
  } else {
    const patterns = f.values.map((v) => new Pattern(v));
    any = (line) => patterns.some((p) => p.match(line, true) !== undefined);
  }
  return negated ? (line) => !any(line) : any;
}

export function compileLabelFilter(f: LabelFilter): (labels: Labels) => boolean {
  switch (f.kind) {
    case 'and': {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (labels) => l(labels) && r(labels);
    }
    case 'or': {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (labels) => l(labels) || r(labels);
    }
    case 'match':
      return compileMatcher(f.matcher);
    case 'number':
      return numeric(f.name, f.op, f.value, (s) => (s.trim() === '' ? undefined : Number(s)));
    case 'duration':
      return numeric(f.name, f.op, f.seconds, parseGoDuration);
    case 'bytes':
      return numeric(f.name, f.op, f.bytes, parseBytes);
  }
}

/** Values that do not convert never pass (Loki would keep them with an __error__ label). */
function numeric(name: string, op: CompareOp, limit: number, convert: (s: string) => number | undefined): (labels: Labels) => boolean {
  return (labels) => {
    const raw = labels[name];
    if (raw === undefined) return false;
    const v = convert(raw);
    if (v === undefined || Number.isNaN(v)) return false;
    return compare(v, op, limit);
  };
}

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
  }
}
