/** Showing and changing a board's variables in the UI. */
import { ALL, type ResolvedVariable, type Variable } from '../../src/boards/index.js';
import { sanitize } from '../../src/output/sanitize.js';

/** "All", "cart", "cart + checkout", or "(none)". */
export function variableText(v: ResolvedVariable): string {
  if (v.all) return 'All';
  if (v.values.length === 0) return '(none)';
  return sanitize(v.values.join(' + '), { maxLength: 60 });
}

/**
 * The selection after pressing `v` (step 1) or `V` (step -1): the next of All (when allowed)
 * and the options, one value at a time. A free-text variable has nothing to cycle: undefined.
 */
export function cycleVariable(variable: Variable, resolved: ResolvedVariable, step: 1 | -1): string[] | undefined {
  const options = variable.kind === 'list' ? variable.values : resolved.options;
  const choices = [...(variable.includeAll ? [ALL] : []), ...options];
  if (choices.length === 0) return undefined;
  const current = resolved.all ? 0 : Math.max(0, choices.indexOf(resolved.values[0]));
  return [choices[(current + step + choices.length) % choices.length]];
}
