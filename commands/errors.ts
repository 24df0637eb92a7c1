import { BackendError } from '../src/http/errors.js';
import { ConfigError } from '../src/config/errors.js';
import { TimeSyntaxError } from '../src/time/time.js';
import { sanitize } from '../src/output/sanitize.js';
import { redact } from '../src/http/redact.js';
import { EXIT } from './io.js';

/** Map any error to its exit code and one line for stderr; a stack only with --debug. */
export function describeError(err: unknown, debug: boolean): { code: number; line: string } {
  // The backend answered that the request itself was wrong (a PromQL/LogQL syntax error, a bad
  // matcher): that is a usage error. Anything else leaves the result unknown.
  if (err instanceof BackendError) return { code: err.kind === 'http' && (err.status === 400 || err.status === 422) ? EXIT.usage : EXIT.backend, line: `obs: ${err.oneLine()}` };
  if (err instanceof ConfigError) return { code: EXIT.usage, line: `obs: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}` };
  if (err instanceof TimeSyntaxError || err instanceof SyntaxError) return { code: EXIT.usage, line: `obs: ${sanitize(err.message)}` };
  const e = err as { code?: string; message?: string; stack?: string; exitCode?: number; fileLine?: string };
  if (typeof e?.exitCode === 'number' && e.message) return { code: e.exitCode, line: `obs: ${sanitize(redact(e.message), { multiline: true })}` };
  if (e?.code === 'ABORT_ERR') return { code: EXIT.interrupted, line: 'obs: interrupted' };
  const message = sanitize(redact(e?.message ?? String(err)), { multiline: true });
  const stack = debug && e?.stack ? `\n${redact(e.stack)}` : '';
  return { code: EXIT.internal, line: `obs: internal error: ${message}${stack}\n  (please report this; run with --debug for details)` };
}
