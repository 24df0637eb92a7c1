import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { builtinScope } from './builtins.js';
import { escapeRegex, findVariableRefs, substitute, SubstitutionError, type Scope } from './substitute.js';

/** Decode a PromQL/LogQL double-quoted string literal (Go escapes) to the text it denotes. */
function unquote(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/gs, (_, e: string) => {
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
  });
}

/** Every string literal of a parsed query, decoded, and whether the parse had errors. */
function literals(query: string, lang: 'promql' | 'logql'): { strings: string[]; errors: number; matchers: number } {
  const tree = (lang === 'promql' ? promqlParser : logqlParser).parse(query);
  const strings: string[] = [];
  let errors = 0;
  let matchers = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors++;
      if (node.name === 'StringLiteral' || node.name === 'String') strings.push(unquote(query.slice(node.from, node.to)));
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'Matcher') matchers++;
    },
  });
  return { strings, errors, matchers };
}

const HOSTILE = [
  '"} or vector(1) #',
  '\\"} or vector(1) #',
  'a\\',
  'line1\nline2"}',
  "it's",
  '.*',
  '(a|b)[0-9]+$^{2}?',
  '\x1b[31mred\x07',
  '`backtick`',
];

describe('finding references', () => {
  it('knows the three syntaxes and the lexical context of each', () => {
    const refs = findVariableRefs('sum by ($by) (rate(x{a="$one", b=~"${two}.*"}[[[win]]])) # $ignored');
    expect(refs.map((r) => [r.name, r.context])).toEqual([
      ['by', 'bare'],
      ['one', 'string'],
      ['two', 'regex'],
      ['win', 'bare'],
    ]);
  });

  it('treats LogQL line filters |~ and !~ as regexes and |= as a plain string', () => {
    const refs = findVariableRefs('{app="x"} |= "$a" |~ "$b" != `$c` !~ `$d`');
    expect(refs.map((r) => [r.name, r.context, r.quote])).toEqual([
      ['a', 'string', '"'],
      ['b', 'regex', '"'],
      ['c', 'string', '`'],
      ['d', 'regex', '`'],
    ]);
  });

  it('is not fooled by escaped quotes or a dollar that starts no name', () => {
    const refs = findVariableRefs('x{a="\\"$v\\"", b=~"^cost$", c="$5"}');
    expect(refs.map((r) => [r.name, r.context])).toEqual([['v', 'string']]);
  });

  it('records a format part, which substitution then refuses', () => {
    expect(findVariableRefs('x{a=~"${v:regex}"}')[0]).toMatchObject({ name: 'v', format: 'regex' });
    expect(() => substitute('x{a=~"${v:regex}"}', { v: { values: ['a'] } })).toThrow(/format ":regex" is not supported/);
  });
});

describe('substituting into PromQL', () => {
  const q = (template: string, scope: Scope) => substitute(template, scope);

  it('replaces $var, ${var} and [[var]] alike', () => {
    const scope = { svc: { values: ['checkout'] } };
    expect(q('up{service="$svc"}', scope)).toBe('up{service="checkout"}');
    expect(q('up{service="${svc}"}', scope)).toBe('up{service="checkout"}');
    expect(q('up{service="[[svc]]"}', scope)).toBe('up{service="checkout"}');
  });

  it('leaves names that are not in scope as written', () => {
    expect(q('up{a="$unknown"}', {})).toBe('up{a="$unknown"}');
  });

  it.each(HOSTILE.filter((v) => !v.includes('`')))('keeps %j inside its = string literal', (value) => {
    const out = q('sum(rate(http_requests_total{service="$svc", code="500"}[5m]))', { svc: { values: [value] } });
    const parsed = literals(out, 'promql');
    expect(parsed.errors).toBe(0);
    expect(parsed.matchers).toBe(2);
    expect(parsed.strings).toEqual([value, '500']);
    expect(out).not.toMatch(/\n/);
  });

  it.each(HOSTILE.filter((v) => !v.includes('`')))('keeps %j literal inside a =~ regex', (value) => {
    const out = q('up{service=~"$svc"}', { svc: { values: [value] } });
    const parsed = literals(out, 'promql');
    expect(parsed.errors).toBe(0);
    expect(parsed.matchers).toBe(1);
    const regex = new RegExp(`^(?:${parsed.strings[0]})$`);
    expect(regex.test(value)).toBe(true);
    expect(regex.test(value + 'x')).toBe(false);
  });

  it('makes several values a regex alternation with metacharacters escaped', () => {
    const out = q('up{service=~"$svc"}', { svc: { values: ['a.b', 'c|d', 'e'] } });
    expect(out).toBe('up{service=~"(a\\\\.b|c\\\\|d|e)"}');
    const regex = new RegExp(`^(?:${literals(out, 'promql').strings[0]})$`);
    expect(['a.b', 'c|d', 'e'].every((v) => regex.test(v))).toBe(true);
    expect(regex.test('aXb')).toBe(false);
    expect(regex.test('c')).toBe(false);
  });

  it('uses the all-value for "All" in a regex, and refuses it anywhere else', () => {
    const all = { svc: { values: ['a', 'b'], all: true, allValue: '.*' } };
    expect(q('up{service=~"$svc"}', all)).toBe('up{service=~".*"}');
    expect(() => q('up{service="$svc"}', all)).toThrow(SubstitutionError);
    expect(q('up{service=~"$svc"}', { svc: { values: ['a', 'b'], all: true } })).toBe('up{service=~"(a|b)"}');
  });

  it('refuses several values in a plain string, and no value at all', () => {
    expect(() => q('up{service="$svc"}', { svc: { values: ['a', 'b'] } })).toThrow(/match it with =~/);
    expect(() => q('up{service=~"$svc"}', { svc: { values: [] } })).toThrow(/has no value/);
  });

  it('allows only plain tokens outside strings', () => {
    expect(q('rate(x[$w])', { w: { values: ['5m'] } })).toBe('rate(x[5m])');
    expect(q('sum by ($by) (x)', { by: { values: ['service', 'code'] } })).toBe('sum by (service,code) (x)');
    for (const value of ['5m]) or vector(1', '1m # ', 'a b', '"x"', 'x\ny']) {
      expect(() => q('rate(x[$w])', { w: { values: [value] } })).toThrow(/only letters, digits/);
    }
  });

  it('escapes for single-quoted strings and refuses a backtick in a raw string', () => {
    const out = q("up{a='$v'}", { v: { values: ["it's \"x\""] } });
    expect(out).toBe("up{a='it\\'s \"x\"'}");
    expect(promqlParser.parse(out).topNode.toString()).not.toContain('⚠');
    expect(q('up{a=`$v`}', { v: { values: ['a\\b'] } })).toBe('up{a=`a\\b`}');
    expect(() => q('up{a=`$v`}', { v: { values: ['a`} or vector(1) #'] } })).toThrow(/cannot go in a `raw` string/);
  });

  it('escapes control characters so nothing unprintable reaches the query', () => {
    expect(q('up{a="$v"}', { v: { values: ['\x1b[2J\x00\x7f'] } })).toBe('up{a="\\x1b[2J\\x00\\x7f"}');
  });

  it('does not substitute inside comments', () => {
    expect(q('up # $v\n+ x{a="$v"}', { v: { values: ['b'] } })).toBe('up # $v\n+ x{a="b"}');
  });

  it('escapes every RE2 metacharacter', () => {
    const meta = '\\.+*?()|[]{}^$';
    expect(escapeRegex(meta)).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$');
    expect(new RegExp(`^${escapeRegex(meta)}$`).test(meta)).toBe(true);
  });
});

describe('substituting into LogQL', () => {
  it.each(HOSTILE.filter((v) => !v.includes('`')))('keeps %j inside selectors and line filters', (value) => {
    const out = substitute('{service="$svc"} |= "$svc" |~ "$svc"', { svc: { values: [value] } });
    const parsed = literals(out, 'logql');
    expect(parsed.errors).toBe(0);
    expect(parsed.strings[0]).toBe(value);
    expect(parsed.strings[1]).toBe(value);
    expect(new RegExp(parsed.strings[2]).test(value)).toBe(true);
  });

  it('treats the string of a regexp parser stage as a regex', () => {
    expect(findVariableRefs('{a="b"} | regexp "(?P<x>$v)" | line_format "$w"').map((r) => r.context)).toEqual(['regex', 'string']);
  });

  it('regex-escapes inside backtick line filters, where backslashes are literal', () => {
    expect(substitute('{a="b"} |~ `$v`', { v: { values: ['1.5'] } })).toBe('{a="b"} |~ `1\\.5`');
  });
});

describe('built-in variables', () => {
  it('follows Grafana: $__rate_interval = max(step + scrape, 4 x scrape)', () => {
    const small = builtinScope({ rangeMs: 3_600_000, stepMs: 15_000, scrapeIntervalMs: 15_000 });
    expect(small.__interval.values).toEqual(['15s']);
    expect(small.__rate_interval.values).toEqual(['1m']);
    expect(small.__range.values).toEqual(['1h']);
    expect(small.__range_s.values).toEqual(['3600']);
    const wide = builtinScope({ rangeMs: 7 * 86_400_000, stepMs: 2_520_000, scrapeIntervalMs: 15_000 });
    expect(wide.__rate_interval.values).toEqual(['42m15s']);
    expect(wide.__range.values).toEqual(['1w']);
    expect(substitute('rate(x[$__rate_interval]) / $__range_s', small)).toBe('rate(x[1m]) / 3600');
  });
});
