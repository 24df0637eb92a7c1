import { BUILTIN_NAMES } from '../builtins.js';
import { findVariableRefs } from '../substitute.js';
import type { ImportContext } from './context.js';

export type ExprResult = { expr: string; notes: string[] } | { problem: string };

const RENAMED_BUILTINS: Record<string, string> = { __auto: '__interval' };

/**
 * A Grafana query made fit for a board: ${var:format} loses its format, $__auto becomes
 * $__interval, and an `=` / `!=` matcher on a multi-value variable becomes `=~` / `!~` (what
 * Grafana's regex rendering needs anyway). A query that uses a variable the board will not
 * have, or a built-in obs does not provide, is refused with the reason.
 */
export function convertExpr(expr: string, ctx: ImportContext): ExprResult {
  const notes: string[] = [];
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const variables = new Map(ctx.variables.map((v) => [v.name, v]));
  for (const ref of findVariableRefs(expr)) {
    let name = ref.name;
    if (Object.hasOwn(RENAMED_BUILTINS, name)) {
      notes.push(`$${name} became $${RENAMED_BUILTINS[name]}`);
      name = RENAMED_BUILTINS[name];
    }
    if (name.startsWith('__')) {
      if (!(BUILTIN_NAMES as readonly string[]).includes(name)) return { problem: `uses $${name}, which boards do not provide` };
    } else {
      const variable = variables.get(name);
      if (!variable) {
        const dropped = ctx.droppedVariables.get(name);
        return { problem: dropped ? `uses $${name}, which was not converted (${dropped})` : `uses $${name}, which the dashboard does not define` };
      }
      if (ref.context === 'string' && (variable.multi || variable.includeAll)) {
        const before = expr.slice(0, ref.stringStart).trimEnd();
        if (/(^|[^=!<>])(=|!=)$/.test(before)) {
          // "=" becomes "=~", "!=" becomes "!~".
          const negated = before.endsWith('!=');
          edits.push({ start: before.length - (negated ? 1 : 0), end: before.length, text: '~' });
        } else {
          return { problem: `uses multi-value $${name} in a string that is not a label matcher` };
        }
      }
    }
    if (ref.format !== undefined) notes.push(`\${${ref.name}:${ref.format}} lost its format`);
    if (ref.format !== undefined || name !== ref.name) {
      const text = /[A-Za-z0-9_]/.test(expr[ref.end] ?? '') ? `\${${name}}` : `$${name}`;
      edits.push({ start: ref.start, end: ref.end, text });
    }
  }
  let out = expr;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { expr: out, notes: [...new Set(notes)] };
}

const LOGQL_PIPELINE = /\}\s*(\|[=~>]|!=|!~|\|\s*(json|logfmt|pattern|regexp|unpack|line_format|label_format|unwrap|drop|keep|decolorize)\b)/;
const LOGQL_RANGE_OVER_SELECTOR = /\b(count_over_time|bytes_over_time|bytes_rate|rate|absent_over_time|sum_over_time|avg_over_time)\s*\(\s*\{/;

/** Whether a query reads as LogQL rather than PromQL (a pipeline, or a range function over a bare stream selector). */
export function looksLikeLogql(expr: string): boolean {
  return LOGQL_PIPELINE.test(expr) || LOGQL_RANGE_OVER_SELECTOR.test(expr);
}
