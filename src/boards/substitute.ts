/**
 * Safe variable substitution into PromQL, LogQL and Alertmanager matchers.
 *
 * A template is scanned like the query languages' lexers do, so every reference ($var, ${var},
 * [[var]]) is known to sit either inside a string literal ("…", '…', `…`) or in bare code:
 *   - inside a string, a value is escaped for that kind of literal (backslash, the quote,
 *     control characters), so it can never end the literal early;
 *   - inside a string that follows =~, !~, |~ or LogQL's `regexp` (a regex), regex
 *     metacharacters are escaped too and several values become an alternation "(a|b)";
 *   - in bare code (a range "[$__rate_interval]", "by ($label)"), a value must be a plain token
 *     (letters, digits, _ : .), else substitution fails instead of injecting code.
 * References to names not in scope are left as written (the linter reports them).
 */

export class SubstitutionError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

export type RefContext = 'string' | 'regex' | 'bare';

export interface VariableRef {
  name: string;
  /** Offsets of the whole reference in the template, end exclusive. */
  start: number;
  end: number;
  context: RefContext;
  /** The quote of the enclosing string literal and the offset of its opening quote, when there is one. */
  quote?: '"' | "'" | '`';
  stringStart?: number;
  /** The part after ":" in ${var:format} or [[var:format]]; no format is supported yet. */
  format?: string;
}

/** The value of one variable as substitution sees it. */
export interface ScopeValue {
  values: string[];
  /** All options are selected; with `allValue`, that regex stands for them in =~ matchers. */
  all?: boolean;
  allValue?: string;
}

export type Scope = Record<string, ScopeValue>;

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const BRACED = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/y;
const BRACKETED = /\[\[([A-Za-z_][A-Za-z0-9_]*)(?::([^\]]*))?\]\]/y;
const BARE_TOKEN = /^[A-Za-z0-9_.:]+$/;
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

/** Every variable reference in a template, with the lexical context it appears in. */
export function findVariableRefs(template: string): VariableRef[] {
  const refs: VariableRef[] = [];
  let i = 0;
  let quote: '"' | "'" | '`' | undefined;
  let stringStart = 0;
  let regex = false;
  while (i < template.length) {
    const ch = template[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') {
        i += 2;
        continue;
      }
      if (ch === quote) {
        quote = undefined;
        i++;
        continue;
      }
    } else {
      if (ch === '#') {
        const nl = template.indexOf('\n', i);
        i = nl < 0 ? template.length : nl + 1;
        continue;
      }
      if (ch === '"' || ch === "'" || ch === '`') {
        quote = ch;
        stringStart = i;
        regex = previousNonSpace(template, i) === '~' || /\bregexp\s*$/.test(template.slice(Math.max(0, i - 16), i));
        i++;
        continue;
      }
    }
    const ref = readRef(template, i);
    if (ref) {
      refs.push({
        ...ref,
        context: quote ? (regex ? 'regex' : 'string') : 'bare',
        ...(quote ? { quote, stringStart } : {}),
      });
      i = ref.end;
    } else {
      i++;
    }
  }
  return refs;
}

function previousNonSpace(text: string, before: number): string | undefined {
  for (let j = before - 1; j >= 0; j--) if (!/\s/.test(text[j])) return text[j];
  return undefined;
}

function readRef(text: string, at: number): Pick<VariableRef, 'name' | 'start' | 'end' | 'format'> | undefined {
  if (text[at] === '$') {
    BRACED.lastIndex = at + 1;
    const braced = BRACED.exec(text);
    if (braced) return withFormat({ name: braced[1], start: at, end: BRACED.lastIndex }, braced[2]);
    NAME.lastIndex = at + 1;
    const plain = NAME.exec(text);
    if (plain) return { name: plain[0], start: at, end: NAME.lastIndex };
    return undefined;
  }
  if (text[at] === '[' && text[at + 1] === '[') {
    BRACKETED.lastIndex = at;
    const m = BRACKETED.exec(text);
    if (m) return withFormat({ name: m[1], start: at, end: BRACKETED.lastIndex }, m[2]);
  }
  return undefined;
}

function withFormat<T extends object>(ref: T, format: string | undefined): T & { format?: string } {
  return format === undefined ? ref : { ...ref, format };
}

/** Escape regex metacharacters so the value matches itself literally (RE2 syntax). */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_META, '\\$&');
}

/**
 * Escape a value for the inside of a string literal opened with `quote`. Raw (backtick) strings
 * have no escapes, so a value containing a backtick cannot be put in one.
 */
export function escapeStringLiteral(value: string, quote: '"' | "'" | '`'): string {
  if (quote === '`') {
    if (value.includes('`')) throw new SubstitutionError('a value containing ` cannot go in a `raw` string', '');
    return value;
  }
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out;
}

/** Replace every reference whose name is in `scope`; throws SubstitutionError for unsafe uses. */
export function substitute(template: string, scope: Scope): string {
  let out = '';
  let last = 0;
  for (const ref of findVariableRefs(template)) {
    const value = Object.hasOwn(scope, ref.name) ? scope[ref.name] : undefined;
    if (!value) continue;
    out += template.slice(last, ref.start) + render(ref, value);
    last = ref.end;
  }
  return out + template.slice(last);
}

function render(ref: VariableRef, value: ScopeValue): string {
  const name = ref.name;
  if (ref.format !== undefined) throw new SubstitutionError(`$${name}: the format ":${ref.format}" is not supported`, name);
  if (value.values.length === 0 && !(value.all && value.allValue !== undefined)) {
    throw new SubstitutionError(`$${name} has no value`, name);
  }
  try {
    if (ref.context === 'bare') return renderBare(name, value);
    const quote = ref.quote!;
    if (ref.context === 'regex') return escapeStringLiteral(renderRegex(value), quote);
    if (value.values.length !== 1 || (value.all && value.allValue !== undefined)) {
      throw new SubstitutionError(
        `$${name} has several values but is used in a string that is not a regex; match it with =~`,
        name,
      );
    }
    return escapeStringLiteral(value.values[0], quote);
  } catch (err) {
    if (err instanceof SubstitutionError && err.variable === '') throw new SubstitutionError(`$${name}: ${err.message}`, name);
    throw err;
  }
}

function renderRegex(value: ScopeValue): string {
  if (value.all && value.allValue !== undefined) return value.allValue;
  const escaped = value.values.map(escapeRegex);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

function renderBare(name: string, value: ScopeValue): string {
  for (const v of value.values) {
    if (!BARE_TOKEN.test(v)) {
      throw new SubstitutionError(
        `$${name} is used outside a string, where only letters, digits, "_", ":" and "." are allowed; ` +
          `got ${JSON.stringify(v)}`,
        name,
      );
    }
  }
  if (value.all && value.allValue !== undefined) {
    throw new SubstitutionError(`$${name}: "All" with a custom all-value can only be used in a =~ matcher`, name);
  }
  return value.values.join(',');
}
