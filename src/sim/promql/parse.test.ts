import { describe, expect, it } from 'vitest';
import { PromQLError } from './errors.js';
import { parseDuration, parseNumber, parsePromQL } from './parse.js';

function error(q: string): PromQLError {
  try {
    parsePromQL(q);
  } catch (err) {
    if (err instanceof PromQLError) return err;
    throw err;
  }
  throw new Error(`"${q}" parsed`);
}

describe('parsePromQL', () => {
  it('builds selectors with every matcher type, offset and @', () => {
    const e = parsePromQL('rate(http_requests_total{code=~"5..",route!="/",a="b",c!~"d"}[5m] offset 1h @ 100)');
    expect(e.type).toBe('call');
    if (e.type !== 'call' || e.args[0].type !== 'matrix') throw new Error('shape');
    const m = e.args[0];
    expect(m.rangeMs).toBe(300_000);
    expect(m.selector.offsetMs).toBe(3_600_000);
    expect(m.selector.at).toBe(100_000);
    expect(m.selector.matchers.map((x) => `${x.name}${x.type}${x.value}`)).toEqual([
      '__name__=http_requests_total', 'code=~5..', 'route!=/', 'a=b', 'c!~d',
    ]);
  });

  it('reads aggregation modifiers before or after the body', () => {
    const a = parsePromQL('sum by (service, le) (x)');
    const b = parsePromQL('sum(x) without (instance)');
    expect(a).toMatchObject({ type: 'aggregate', op: 'sum', grouping: ['service', 'le'], without: false });
    expect(b).toMatchObject({ type: 'aggregate', op: 'sum', grouping: ['instance'], without: true });
  });

  it('reads vector matching and bool', () => {
    expect(parsePromQL('a / on (x) group_left (y) b')).toMatchObject({
      type: 'binary', op: '/', matching: { card: 'many-to-one', on: true, labels: ['x'], include: ['y'] },
    });
    expect(parsePromQL('a > bool ignoring (z) b')).toMatchObject({ returnBool: true, matching: { on: false, labels: ['z'] } });
    expect(parsePromQL('a and b')).toMatchObject({ matching: { card: 'many-to-many' } });
  });

  it('unquotes Go string literals', () => {
    const e = parsePromQL('x{a="tab\\there", b=\'q\\\'s\', c=`raw\\n`, d="\\u00e9\\x41"}');
    if (e.type !== 'selector') throw new Error('shape');
    expect(e.matchers.slice(1).map((m) => m.value)).toEqual(['tab\there', "q's", 'raw\\n', 'éA']);
  });

  it('reports syntax errors with a position, like Prometheus', () => {
    expect(error('sum(rate(x[5m])').message).toMatch(/^1:\d+: parse error: unexpected end of input$/);
    expect(error('').message).toBe('1:1: parse error: no expression found in input');
    expect(error('{}').message).toContain('vector selector must contain at least one non-empty matcher');
    expect(error('{a=""}').message).toContain('vector selector must contain at least one non-empty matcher');
  });

  it('type-checks like Prometheus', () => {
    expect(error('rate(x)').message).toContain('expected type range vector in call to function "rate", got instant vector');
    expect(error('sum(x[5m])').message).toContain('expected type instant vector in aggregation expression, got range vector');
    expect(error('1 > 2').message).toContain('comparisons between scalars must use BOOL modifier');
    expect(error('1 and 2').message).toContain('set operator "and" not allowed in binary scalar expression');
    expect(error('x + bool y').message).toContain('bool modifier can only be used on comparison operators');
    expect(error('x[5m] + 1').message).toContain('binary expression must contain only scalar and instant vector types');
    expect(error('topk(x)').message).toContain('wrong number of arguments for aggregate expression');
    expect(error('clamp(x, 1)').message).toContain('expected 3 argument(s) in call to "clamp", got 2');
  });

  it('names the construct it does not evaluate, as a bad_data error', () => {
    for (const [q, what] of [
      ['x[5m:1m] @ 100', '@ on a subquery'],
      ['label_join(x, "a", ",", "b", "c")', 'function "label_join"'],
      ['count_values("v", x)', 'aggregation'],
      ['predict_linear(x[5m], 60)', 'function "predict_linear"'],
    ]) {
      const err = error(q);
      expect(err.errorType).toBe('bad_data');
      expect(err.message).toContain('unsupported');
      expect(err.message).toContain(what);
    }
  });
});

describe('literals', () => {
  it('parses numbers the way Go does', () => {
    expect(parseNumber('1.5e3')).toBe(1500);
    expect(parseNumber('0x1F')).toBe(31);
    expect(parseNumber('017')).toBe(15);
    expect(parseNumber('-2')).toBe(-2);
    expect(parseNumber('Inf')).toBe(Infinity);
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('5m')).toBeUndefined();
  });

  it('parses Prometheus durations and rejects out-of-order units', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30m1h')).toBeUndefined();
    expect(parseDuration('1.5h')).toBeUndefined();
  });
});
