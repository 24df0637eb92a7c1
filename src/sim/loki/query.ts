import type { Query } from '../logql/ast.js';
import { LogQLError } from '../logql/errors.js';
import { parseLogQL } from '../logql/parse.js';
import { HttpError } from '../ws/request.js';

/** Parse a query parameter; LogQL errors become 400s with Loki's wording. */
export function parseQuery(text: string | null): Query {
  if (text === null) throw new HttpError(400, 'parse error : syntax error: unexpected $end');
  try {
    return parseLogQL(text);
  } catch (e) {
    if (e instanceof LogQLError) throw new HttpError(400, e.message);
    throw e;
  }
}
