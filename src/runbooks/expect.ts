import type { Expectation, ExpectOp } from './types.js';

/** What an executor returns for a block. */
export type ExecResult =
  /** A PromQL instant vector, or a LogQL metric query. */
  | { kind: 'vector'; series: { labels: Record<string, string>; value: number }[] }
  | { kind: 'scalar'; value: number }
  /** A LogQL log query. */
  | { kind: 'lines'; lines: string[] }
  /** The output of an obs or sh command. */
  | { kind: 'text'; text: string; exitCode?: number };

export type Verdict = 'held' | 'failed' | 'no-data';

const COMPARISON = /^(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/i;

export const EXPECT_FORMS = '< N, <= N, > N, >= N, == N, != N, empty, not empty';

export function parseExpectation(text: string): Expectation | { error: string } {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s.toLowerCase() === 'empty') return { op: 'empty', text: s };
  if (s.toLowerCase() === 'not empty') return { op: 'not-empty', text: s };
  const m = COMPARISON.exec(s);
  if (!m) return { error: `expect="${text}" is not understood: use one of ${EXPECT_FORMS}` };
  return { op: m[1] as ExpectOp, value: Number(m[2]), text: `${m[1]} ${m[2]}` };
}

/**
 * Check a result against an expectation. A comparison holds when every value satisfies it (every
 * series of a vector; the line count of a log query; the number a command printed). A comparison
 * against an empty result is `no-data`, which counts as not holding: absence of data is not health.
 */
export function evaluateExpectation(expectation: Expectation, result: ExecResult): Verdict {
  if (expectation.op === 'empty' || expectation.op === 'not-empty') {
    const empty = isEmpty(result);
    return empty === (expectation.op === 'empty') ? 'held' : 'failed';
  }
  const values = numbers(result);
  if (values.length === 0) return 'no-data';
  return values.every((v) => compare(v, expectation.op, expectation.value!)) ? 'held' : 'failed';
}

function isEmpty(result: ExecResult): boolean {
  switch (result.kind) {
    case 'vector':
      return result.series.length === 0;
    case 'scalar':
      return false;
    case 'lines':
      return result.lines.length === 0;
    case 'text':
      return result.text.trim() === '';
  }
}

function numbers(result: ExecResult): number[] {
  switch (result.kind) {
    case 'vector':
      return result.series.map((s) => s.value);
    case 'scalar':
      return [result.value];
    case 'lines':
      return [result.lines.length];
    case 'text': {
      const t = result.text.trim();
      return t !== '' && Number.isFinite(Number(t)) ? [Number(t)] : [];
    }
  }
}

/** NaN (e.g. a ratio with no traffic) satisfies nothing, not even != N. */
function compare(v: number, op: ExpectOp, n: number): boolean {
  if (Number.isNaN(v)) return false;
  switch (op) {
    case '<':
      return v < n;
    case '<=':
      return v <= n;
    case '>':
      return v > n;
    case '>=':
      return v >= n;
    case '==':
      return v === n;
    case '!=':
      return v !== n;
    default:
      return false;
  }
}
