/**
 * Where things are in a JSON text, for error messages that name a line and column: JSON.parse
 * says "at position 58" at best (and on Node 20 often not even that).
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxProblem extends TextPosition {
  /** What the scanner wanted and what it found, e.g. `expected a double-quoted property name, found "}"`. */
  message: string;
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

class Problem extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/**
 * Scan JSON text; return its first syntax problem (undefined when the text is valid JSON) and the
 * offset of every object key seen, by its path joined with NUL.
 */
function scan(text: string): { problem?: JsonSyntaxProblem; keys: Map<string, number> } {
  const keys = new Map<string, number>();
  let i = 0;
  const found = () => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const fail = (wanted: string): never => {
    throw new Problem(i, `expected ${wanted}, found ${found()}`);
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    if (text[i] !== '"') fail('a double-quoted string');
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('the closing " of the string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('the closing " of the string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new Problem(start, 'invalid escape in string');
    }
  };
  const value = (path: string[]): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail('a double-quoted property name');
        const at = i;
        const key = string();
        keys.set([...path, key].join('\0'), at);
        space();
        if (text[i] !== ':') fail('":" after the property name');
        i++;
        value([...path, key]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('"," or "}" after the property value');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value([...path, String(n)]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('"," or "]" after the array element');
      }
    }
    if (c === '"') return void string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) fail('a value (string, number, object, array, true, false or null)');
    i += literal![0].length;
  };
  try {
    value([]);
    space();
    if (i < text.length) fail('the end of the file after the top-level value');
    return { keys };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { problem: { ...positionOf(text, e.offset), message: e.message }, keys };
  }
}

/** The first syntax problem of a JSON text with its line and column, or undefined when it is valid. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  return scan(text).problem;
}

/** Line and column of the property at `path` (e.g. ["contexts", "prod", "prometheus", "url"]). */
export function jsonKeyPosition(text: string, path: string[]): TextPosition | undefined {
  const offset = scan(text).keys.get(path.join('\0'));
  return offset === undefined ? undefined : positionOf(text, offset);
}
