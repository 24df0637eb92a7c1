import type { TimeRange } from '../time/time.js';
import { ALL, type Board, type QuerySource, type Variable } from './model.js';
import { builtinScope } from './builtins.js';
import { SubstitutionError, substitute, type Scope, type ScopeValue } from './substitute.js';

const LABEL_VALUES = /^\s*label_values\s*\(\s*(?:(.+)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s;

/** `label_values(selector, label)` or `label_values(label)`, split; undefined for other queries. */
export function parseLabelValues(query: string): { label: string; selector?: string } | undefined {
  const m = LABEL_VALUES.exec(query);
  if (!m) return undefined;
  return m[1] === undefined ? { label: m[2] } : { label: m[2], selector: m[1].trim() };
}

/** What to fetch to list a query variable's options: a label's values, optionally scoped by a selector. */
export interface LabelValuesRequest {
  key: string;
  backend: QuerySource;
  label: string;
  /** Series selector (Prometheus `match[]`, Loki `query`), variables substituted. */
  selector?: string;
  start: number;
  end: number;
}

/** The chosen values of a variable, ready for substitution. */
export interface ResolvedVariable extends ScopeValue {
  name: string;
  /** Every option known, for pickers. */
  options: string[];
}

export class VariableError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'VariableError';
  }
}

/**
 * The request listing a query variable's options, given the variables resolved before it
 * (a selector may use them: `label_values(up{env="$env"}, service)`).
 */
export function labelValuesRequest(variable: Variable, resolved: Scope, range: TimeRange): LabelValuesRequest | undefined {
  if (variable.kind !== 'query') return undefined;
  const parsed = parseLabelValues(variable.query);
  if (!parsed) throw new VariableError(`$${variable.name}: only label_values(...) queries are supported`, variable.name);
  const scope = { ...builtinScope({ rangeMs: range.end - range.start, stepMs: 60_000, scrapeIntervalMs: 15_000 }), ...resolved };
  const selector = parsed.selector === undefined ? undefined : substitute(parsed.selector, scope);
  const request = { backend: variable.source, label: parsed.label, ...(selector ? { selector } : {}), start: range.start, end: range.end };
  return { key: JSON.stringify(request), ...request };
}

/** Options after the variable's regex: non-matching values dropped, the first capture group kept. */
export function filterOptions(values: readonly string[], regex: string | undefined): string[] {
  const unique = [...new Set(values)];
  if (!regex) return unique.sort();
  const re = compileOptionRegex(regex);
  const out = new Set<string>();
  for (const v of unique) {
    const m = re.exec(v);
    if (m) out.add(m.groups?.value ?? m[1] ?? v);
  }
  return [...out].sort();
}

/** A Grafana-style regex option: "/pattern/flags" or a bare pattern. */
export function compileOptionRegex(regex: string): RegExp {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  return slashed ? new RegExp(slashed[1], slashed[2].replace(/[gy]/g, '')) : new RegExp(regex);
}

/**
 * Choose a variable's values: those asked for (from flags or the UI), else its default, else All
 * when allowed, else the first option. Throws VariableError for a choice the variable forbids.
 */
export function selectValues(variable: Variable, options: readonly string[], asked?: readonly string[]): ResolvedVariable {
  const choice = asked && asked.length > 0 ? asked : variable.default;
  const base = { name: variable.name, options: [...options] };
  const all = (): ResolvedVariable => ({
    ...base,
    values: variable.kind === 'list' ? [...variable.values] : [...options],
    all: true,
    ...(variable.allValue !== undefined ? { allValue: variable.allValue } : {}),
  });
  if (!choice) {
    if (variable.includeAll) return all();
    return { ...base, values: options.length > 0 ? [options[0]] : [] };
  }
  if (choice.includes(ALL)) {
    if (!variable.includeAll) throw new VariableError(`$${variable.name} does not allow "All"`, variable.name);
    return all();
  }
  if (choice.length > 1 && !variable.multi) {
    throw new VariableError(`$${variable.name} takes one value, got ${choice.length}`, variable.name);
  }
  if (variable.kind === 'list') {
    const unknown = choice.filter((v) => !variable.values.includes(v));
    if (unknown.length > 0) {
      throw new VariableError(
        `$${variable.name} has no value ${JSON.stringify(unknown[0])}; choose from ${variable.values.join(', ')}`,
        variable.name,
      );
    }
  }
  return { ...base, values: [...choice] };
}

/** Fetches a label's values; the caller binds it to the context's Prometheus or Loki client. */
export type FetchLabelValues = (request: LabelValuesRequest) => Promise<string[]>;

/**
 * Resolve every variable of a board in declared order (a query variable's selector may use the
 * ones before it). A variable whose options cannot be fetched falls back to its asked or default
 * values and is reported in `errors`; the others still resolve.
 */
export async function resolveVariables(
  board: Board,
  asked: Readonly<Record<string, readonly string[]>>,
  range: TimeRange,
  fetch: FetchLabelValues,
): Promise<{ variables: Record<string, ResolvedVariable>; errors: VariableError[] }> {
  const variables: Record<string, ResolvedVariable> = {};
  const errors: VariableError[] = [];
  for (const unknown of Object.keys(asked).filter((n) => !board.variables.some((v) => v.name === n))) {
    errors.push(new VariableError(`the board has no variable $${unknown}`, unknown));
  }
  for (const variable of board.variables) {
    let options: string[] = variable.kind === 'list' ? [...variable.values] : [];
    if (variable.kind === 'query') {
      try {
        const request = labelValuesRequest(variable, variables, range)!;
        options = filterOptions(await fetch(request), variable.regex);
      } catch (err) {
        errors.push(asVariableError(err, variable.name));
      }
    }
    try {
      variables[variable.name] = selectValues(variable, options, asked[variable.name]);
    } catch (err) {
      errors.push(asVariableError(err, variable.name));
      variables[variable.name] = { name: variable.name, options, values: [] };
    }
  }
  return { variables, errors };
}

function asVariableError(err: unknown, name: string): VariableError {
  if (err instanceof VariableError) return err;
  const message = err instanceof SubstitutionError || err instanceof Error ? err.message : String(err);
  return new VariableError(`$${name}: ${message}`, name);
}
