/**
 * One array of a JSON answer, parsed an element at a time. A range answer of 200 series x 2,000
 * points is 9 MB of JSON and some 40 MB once parsed whole; its series parsed one by one, each let go
 * once written, keep memory near the size of the bytes received.
 *
 * The bytes are scanned once for structure (strings and escapes skipped; UTF-8 never puts an ASCII
 * byte inside a multi-byte character, so bytes are enough), the rest of the document is parsed with
 * that array empty, and each element is parsed when it is taken.
 */
export interface LazyArray {
  /** The document with the array emptied. */
  rest: unknown;
  count: number;
  /** The elements, parsed when taken; each is parsed once (a second pass is empty). */
  elements: Iterable<unknown>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * The array found by following `path` (object keys) from the top of `json`; undefined when the
 * document is not shaped so (or not JSON): the caller then parses it whole, and reports what is wrong.
 */
export function lazyArray(json: Buffer, path: readonly string[]): LazyArray | undefined {
  const found = findArray(json, path);
  if (!found) return undefined;
  let rest: unknown;
  try {
    rest = JSON.parse(json.toString('utf8', 0, found.open + 1) + json.toString('utf8', found.close));
  } catch {
    return undefined;
  }
  const bounds = found.bounds;
  function* elements(): Generator<unknown> {
    for (const [start, end] of bounds) yield JSON.parse(json.toString('utf8', start, end));
  }
  return { rest, count: bounds.length, elements: elements() };
}

interface Found {
  open: number;
  close: number;
  bounds: [number, number][];
}

/** Where the array at `path` opens; the scan keeps the key being read at each object level. */
function findArray(json: Buffer, path: readonly string[]): Found | undefined {
  const keys: (string | undefined)[] = [];
  const objects: boolean[] = [];
  let afterColon = false;
  for (let i = 0; i < json.length; i++) {
    switch (json[i]) {
      case QUOTE: {
        const end = stringEnd(json, i);
        if (end < 0) return undefined;
        const depth = objects.length;
        if (depth > 0 && objects[depth - 1] && !afterColon) keys[depth - 1] = json.toString('utf8', i + 1, end);
        i = end;
        break;
      }
      case COLON:
        afterColon = true;
        break;
      case OPEN_ARRAY:
      case OPEN_OBJECT:
        if (json[i] === OPEN_ARRAY && objects.length === path.length && path.every((k, d) => objects[d] && keys[d] === k)) return elementsOf(json, i);
        objects.push(json[i] === OPEN_OBJECT);
        keys.push(undefined);
        afterColon = false;
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        objects.pop();
        keys.pop();
        afterColon = false;
        break;
      case COMMA:
        afterColon = false;
        break;
    }
  }
  return undefined;
}

/** The bounds of each element of the array that opens at `open`, and where it closes. */
function elementsOf(json: Buffer, open: number): Found | undefined {
  const bounds: [number, number][] = [];
  let depth = 0;
  let start = -1;
  for (let i = open + 1; i < json.length; i++) {
    const c = json[i]!;
    if (depth === 0 && start < 0 && c > 0x20 && c !== COMMA && c !== CLOSE_ARRAY) start = i;
    switch (c) {
      case QUOTE:
        i = stringEnd(json, i);
        if (i < 0) return undefined;
        break;
      case OPEN_ARRAY:
      case OPEN_OBJECT:
        depth++;
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        if (depth === 0) {
          if (start >= 0) bounds.push([start, i]);
          return { open, close: i, bounds };
        }
        depth--;
        break;
      case COMMA:
        if (depth === 0) {
          if (start >= 0) bounds.push([start, i]);
          start = -1;
        }
        break;
    }
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(json: Buffer, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    const c = json[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}
