import { ALL, type Variable } from '../model.js';
import { parseLabelValues } from '../variables.js';
import type { ImportContext } from './context.js';
import type { GrafanaVariable } from './types.js';

/** Convert templating variables; datasource variables only feed datasource resolution. */
export function convertVariables(list: readonly GrafanaVariable[], ctx: ImportContext): Variable[] {
  const out: Variable[] = [];
  for (const v of list) {
    const name = v.name ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.startsWith('__')) {
      ctx.skip({ what: 'variable', title: name || '(unnamed)', type: v.type, reason: 'the name is not a valid variable name' });
      ctx.droppedVariables.set(name, 'its name is not valid');
      continue;
    }
    if (v.type === 'datasource') continue;
    const converted = convertVariable(v, name, ctx);
    if (converted) out.push(converted);
  }
  return out;
}

function convertVariable(v: GrafanaVariable, name: string, ctx: ImportContext): Variable | undefined {
  const drop = (reason: string): undefined => {
    ctx.skip({ what: 'variable', title: name, type: v.type, reason });
    ctx.droppedVariables.set(name, reason);
    return undefined;
  };
  const base = {
    name,
    ...(typeof v.label === 'string' && v.label && v.label !== name ? { label: v.label } : {}),
    multi: v.multi === true,
    includeAll: v.includeAll === true,
    ...(v.includeAll && typeof v.allValue === 'string' && v.allValue !== '' ? { allValue: v.allValue } : {}),
    ...(v.hide === 2 ? { hidden: true } : {}),
  };
  switch (v.type) {
    case 'query': {
      const ds = ctx.resolveDatasource(v.datasource);
      const source = ds.kind === 'source' ? ds.source : ds.kind === 'unknown' ? 'prometheus' : undefined;
      if (!source) return drop(`its datasource ${ds.name} is not Prometheus or Loki`);
      const query = variableQuery(v.query) ?? v.definition ?? '';
      const parsed = parseLabelValues(query);
      if (!parsed) {
        const values = optionValues(v);
        const what = query ? `query ${JSON.stringify(query)} is not label_values(...)` : 'it has no query';
        if (values.length === 0) return drop(`${what}, and it has no saved options to keep`);
        ctx.skip({ what: 'variable', title: name, type: v.type, reason: `${what}; kept its saved options as a fixed list` });
        return withDefault({ ...base, includeAll: false, kind: 'list', values }, v, values);
      }
      const regex = typeof v.regex === 'string' && v.regex !== '' ? { regex: v.regex } : {};
      return withDefault({ ...base, kind: 'query', query, source, ...regex }, v);
    }
    case 'custom': {
      const values = typeof v.query === 'string' && v.query.trim() !== '' ? splitCustom(v.query) : optionValues(v);
      if (values.length === 0) return drop('it has no values');
      return withDefault({ ...base, kind: 'list', values }, v, values);
    }
    case 'interval': {
      const values = typeof v.query === 'string' ? splitCustom(v.query) : optionValues(v);
      if (values.length === 0) return drop('it has no intervals');
      if (v.auto) ctx.skip({ what: 'variable', title: name, type: v.type, reason: 'the "auto" interval option is not converted' });
      return withDefault({ ...base, multi: false, includeAll: false, kind: 'list', values }, v, values);
    }
    case 'constant': {
      const value = typeof v.query === 'string' ? v.query : '';
      return { ...base, multi: false, includeAll: false, hidden: true, kind: 'list', values: [value], default: [value] };
    }
    case 'textbox': {
      const current = currentValues(v)[0];
      const value = current ?? (typeof v.query === 'string' ? v.query : '');
      return { ...base, multi: false, includeAll: false, kind: 'text', default: [value] };
    }
    case 'adhoc':
      return drop('ad hoc filters have no board equivalent; queries run without them');
    default:
      return drop(`variables of type ${v.type ?? '(none)'} are not supported`);
  }
}

/** The query text of a query variable: a string, or an object from newer editors. */
function variableQuery(query: unknown): string | undefined {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object') {
    const q = query as Record<string, unknown>;
    if (typeof q.query === 'string' && q.query !== '') return q.query;
    // Loki's variable editor: {type: 1 (label values), label, stream}.
    if (q.type === 1 && typeof q.label === 'string') {
      return typeof q.stream === 'string' && q.stream !== '' ? `label_values(${q.stream}, ${q.label})` : `label_values(${q.label})`;
    }
  }
  return undefined;
}

/** "a,b,c", "a, b", "Text : value" pairs, "\," for a literal comma. */
function splitCustom(query: string): string[] {
  const values = query
    .split(/(?<!\\),/)
    .map((part) => part.replace(/\\,/g, ',').trim())
    .filter((part) => part !== '')
    .map((part) => {
      const pair = /^(.*?)\s+:\s+(.*)$/.exec(part);
      return pair ? pair[2] : part;
    });
  return [...new Set(values)];
}

function optionValues(v: GrafanaVariable): string[] {
  const values = (v.options ?? []).map((o) => o.value).filter((x): x is string => typeof x === 'string' && x !== ALL);
  return [...new Set(values)];
}

function currentValues(v: GrafanaVariable): string[] {
  const value = v.current?.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Keep Grafana's saved selection as the default when the variable allows it. */
function withDefault<V extends Variable>(variable: V, v: GrafanaVariable, allowed?: string[]): V {
  let current = currentValues(v);
  if (current.includes(ALL)) current = variable.includeAll ? [ALL] : [];
  if (allowed) current = current.filter((c) => c === ALL || allowed.includes(c));
  if (!variable.multi) current = current.slice(0, 1);
  return current.length > 0 ? { ...variable, default: current } : variable;
}
