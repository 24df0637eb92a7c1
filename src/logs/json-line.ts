/**
 * A line read as a JSON object. Two readers ask for it in turn (the input's time and level
 * fields, then the miner's message and attributes), so the last line's object is kept and the
 * line is parsed once. Callers only read the object.
 */
let lastLine: string | undefined;
let lastObject: Record<string, unknown> | undefined;

/** The JSON object a line holds (whitespace around it allowed), or undefined. */
export function jsonObjectOf(line: string): Readonly<Record<string, unknown>> | undefined {
  if (line === lastLine) return lastObject;
  lastLine = line;
  lastObject = parse(line);
  return lastObject;
}

function parse(line: string): Record<string, unknown> | undefined {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 123 /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
