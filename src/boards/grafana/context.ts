import type { QuerySource, Variable } from '../model.js';
import type { DatasourceRef, GrafanaDashboard, GrafanaPanel } from './types.js';

/** Something the importer could not carry over as it was, and why. */
export interface SkippedItem {
  /** panel: a panel left out; query: one query of a converted panel; feature: an option of a converted panel. */
  what: 'panel' | 'query' | 'feature' | 'variable' | 'dashboard';
  /** The panel title, the variable name, or the dashboard title. */
  title: string;
  /** Grafana's panel or variable type, when there is one. */
  type?: string;
  reason: string;
}

export interface GrafanaImportOptions {
  /**
   * Datasource names or uids known to be Prometheus or Loki, for dashboards that name a
   * datasource without saying its type (schemaVersion < 33 stores names only).
   */
  datasources?: Readonly<Record<string, QuerySource>>;
}

/** What a datasource reference turned out to be. */
export type ResolvedDatasource =
  | { kind: 'source'; source: QuerySource; name: string; guessed?: boolean }
  | { kind: 'mixed' | 'dashboard' | 'expression' | 'unknown'; name: string }
  | { kind: 'other'; name: string; type: string };

const MIXED = '-- Mixed --';
const DASHBOARD = '-- Dashboard --';
const GRAFANA = '-- Grafana --';
const EXPRESSION = ['__expr__', 'Expression', '-- Expression --'];

/** State shared while converting one dashboard: notes, variables, datasource lookup. */
export class ImportContext {
  readonly skipped: SkippedItem[] = [];
  variables: Variable[] = [];
  /** Grafana variables that were not converted: name -> why. */
  readonly droppedVariables = new Map<string, string>();
  private readonly datasourceVariables = new Map<string, string>();
  private readonly inputs = new Map<string, string>();
  private readonly guessedNoted = new Set<string>();
  readonly panelsById = new Map<number, GrafanaPanel>();
  /** The type inferFromQueries found for a datasource name. */
  readonly inferred = new Map<string, QuerySource>();

  constructor(
    readonly dashboard: GrafanaDashboard,
    readonly options: GrafanaImportOptions,
  ) {
    for (const input of dashboard.__inputs ?? []) {
      if (input.name && input.type === 'datasource' && input.pluginId) this.inputs.set(input.name, input.pluginId);
    }
    for (const v of dashboard.templating?.list ?? []) {
      if (v.type === 'datasource' && v.name && typeof v.query === 'string') this.datasourceVariables.set(v.name, v.query);
    }
  }

  skip(item: SkippedItem): void {
    this.skipped.push(item);
  }

  /**
   * The datasource of a reference: by type when the reference says it (schemaVersion >= 33),
   * else through datasource variables, exported-dashboard inputs and the caller's map, else
   * guessed from the name. `undefined` (the default datasource) resolves to kind 'unknown'.
   */
  resolveDatasource(ref: DatasourceRef | undefined): ResolvedDatasource {
    if (ref === null || ref === undefined) return { kind: 'unknown', name: 'default' };
    if (typeof ref === 'object') {
      const uid = ref.uid ?? '';
      if (ref.type && ref.type !== 'datasource') {
        const byType = this.byPluginType(ref.type, uid || ref.type);
        if (byType.kind !== 'other' || !isVariable(uid)) return byType;
      }
      return this.resolveName(uid || ref.type || '');
    }
    return this.resolveName(ref);
  }

  private resolveName(name: string): ResolvedDatasource {
    if (name === MIXED) return { kind: 'mixed', name };
    if (name === DASHBOARD) return { kind: 'dashboard', name };
    if (EXPRESSION.includes(name)) return { kind: 'expression', name };
    if (name === GRAFANA || name === 'grafana') return { kind: 'other', name, type: 'grafana' };
    if (name === '' || name === 'default') return { kind: 'unknown', name: 'default' };
    const variable = variableName(name);
    if (variable !== undefined) {
      const plugin = this.datasourceVariables.get(variable) ?? this.inputs.get(variable);
      return plugin ? this.byPluginType(plugin, name) : { kind: 'unknown', name };
    }
    const known = this.options.datasources?.[name];
    if (known) return { kind: 'source', source: known, name };
    const lower = name.toLowerCase();
    if (lower.includes('loki')) return { kind: 'source', source: 'loki', name, guessed: true };
    if (/prom|mimir|thanos|cortex|victoria/.test(lower)) return { kind: 'source', source: 'prometheus', name, guessed: true };
    return { kind: 'unknown', name };
  }

  private byPluginType(type: string, name: string): ResolvedDatasource {
    if (type === 'loki') return { kind: 'source', source: 'loki', name };
    if (type === 'prometheus' || type.includes('prometheus')) return { kind: 'source', source: 'prometheus', name };
    if (type === '__expr__') return { kind: 'expression', name };
    return { kind: 'other', name, type };
  }

  /**
   * For datasources known only by a name that says nothing (schemaVersion < 33), the type their
   * queries suggest: Loki when any of them is in a logs panel or reads as LogQL.
   */
  inferFromQueries(panels: readonly GrafanaPanel[], looksLikeLogql: (expr: string) => boolean): void {
    for (const panel of panels) {
      for (const t of panel.targets ?? []) {
        const ds = this.resolveDatasource(t.datasource ?? panel.datasource);
        if (ds.kind !== 'unknown' || ds.name === 'default' || typeof t.expr !== 'string') continue;
        const loki = panel.type === 'logs' || looksLikeLogql(t.expr);
        if (loki || !this.inferred.has(ds.name)) this.inferred.set(ds.name, loki ? 'loki' : 'prometheus');
      }
    }
  }

  /** Note once per datasource that its type was inferred. */
  noteGuess(name: string, source: QuerySource, how: string): void {
    if (this.guessedNoted.has(name)) return;
    this.guessedNoted.add(name);
    this.skip({
      what: 'dashboard',
      title: this.dashboard.title ?? '',
      reason: `datasource "${name}" does not say its type; read as ${source === 'loki' ? 'Loki' : 'Prometheus'} ${how} (pass a datasource map to be sure)`,
    });
  }
}

function isVariable(name: string): boolean {
  return variableName(name) !== undefined;
}

/** "$ds", "${ds}", "[[ds]]" -> "ds". */
function variableName(text: string): string | undefined {
  const m = /^\$\{([A-Za-z0-9_]+)\}$|^\$([A-Za-z0-9_]+)$|^\[\[([A-Za-z0-9_]+)\]\]$/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
