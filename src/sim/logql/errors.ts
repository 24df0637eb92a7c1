/**
 * A query Loki would refuse with 400. The message is what the HTTP layer sends as plain text,
 * worded like Loki's own messages so clients that match on them keep working.
 */
export class LogQLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogQLError';
  }
}

export function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

export function parseError(text: string, offset: number, detail: string): LogQLError {
  const { line, col } = positionOf(text, offset);
  return new LogQLError(`parse error at line ${line}, col ${col}: ${detail}`);
}
