import { BackendError, type BackendName } from '../http/errors.js';

/** Builds the error for an answer that parsed as JSON but is not shaped as the API documents it. */
export type WrongShape = (problem: string) => BackendError;

export function wrongShape(backend: BackendName, url: string, hint: string): WrongShape {
  return (problem) => new BackendError({ backend, kind: 'decode', url, message: `unexpected answer: ${problem}`, hint });
}

/** What a JSON value is, for a message: "a number", "null", "a list". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * `value` as a list whose every item passes `isItem`; absent (undefined or null) is an empty list,
 * as the backends send for "nothing". Anything else fails naming `what` and the first bad item.
 */
export function listOf<T>(value: unknown, what: string, fail: WrongShape, isItem: (item: unknown) => boolean = () => true): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(`${what} is ${kindOf(value)}, not a list`);
  const bad = value.findIndex((item) => !isItem(item));
  if (bad >= 0) throw fail(`${what}[${bad}] is not shaped as expected: ${JSON.stringify(value[bad])?.slice(0, 120)}`);
  return value as T[];
}
