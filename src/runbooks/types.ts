/** The block languages a runbook step can execute. Fenced blocks in any other language are prose. */
export const EXECUTABLE_LANGS = ['promql', 'logql', 'obs', 'sh'] as const;
export type BlockLang = (typeof EXECUTABLE_LANGS)[number];

export type ExpectOp = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'empty' | 'not-empty';

/** What healthy looks like for a query block; during an incident a failing check is the evidence. */
export interface Expectation {
  op: ExpectOp;
  /** The number compared against, for the comparison operators. */
  value?: number;
  /** As written, e.g. "< 0.01". */
  text: string;
}

export interface CodeBlock {
  lang: BlockLang;
  code: string;
  /** Line of the opening fence in the file (1-based). */
  line: number;
  expect?: Expectation;
  /** sh only: never runs unless dangerous steps are allowed. */
  dangerous: boolean;
}

export interface RunbookStep {
  /** 1-based position in the runbook. */
  index: number;
  title: string;
  /** Line of the heading or list item that starts the step. */
  line: number;
  /** The step's Markdown with its executable blocks taken out. */
  text: string;
  blocks: CodeBlock[];
}

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  /** As written, e.g. `severity=~"crit|page"`. */
  text: string;
}

export interface RunbookMatch {
  alerts: string[];
  labels: LabelMatcher[];
  services: string[];
}

export interface Runbook {
  /** The file name without `.md`: what `obs runbook run NAME` takes. */
  name: string;
  file: string;
  title: string;
  description?: string;
  match: RunbookMatch;
  /** Markdown before the first step. */
  intro: string;
  steps: RunbookStep[];
}

export interface LintProblem {
  file: string;
  line: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** `file:line[:column]: severity: message`, the form editors and CI annotate. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}: ${p.severity}: ${p.message}`;
}
