import { describe, expect, it } from 'vitest';
import { matchesLabels, parseMatcher } from './matchers.js';
import type { LabelMatcher } from './types.js';

const m = (text: string) => parseMatcher(text) as LabelMatcher;

describe('label matchers', () => {
  it('parse the four operators, quoted or not', () => {
    expect(m('severity="page"')).toEqual({ name: 'severity', op: '=', value: 'page', text: 'severity="page"' });
    expect(m(' service != payments ')).toMatchObject({ name: 'service', op: '!=', value: 'payments' });
    expect(m('severity=~"crit|page"')).toMatchObject({ op: '=~', value: 'crit|page' });
    expect(m('env!~"dev.*"')).toMatchObject({ op: '!~', value: 'dev.*' });
    expect(m('msg="a \\"quoted\\" word"').value).toBe('a "quoted" word');
  });

  it('reject what is not a matcher', () => {
    for (const bad of ['severity', '=page', 'sev erity="x"', 'a="unclosed', 'a=b c', 'a=~"(x"']) expect('error' in parseMatcher(bad), bad).toBe(true);
  });

  it('anchor regexes and read a missing label as empty, like Prometheus', () => {
    expect(matchesLabels(m('severity=~"crit|page"'), { severity: 'critical' })).toBe(false);
    expect(matchesLabels(m('severity=~"crit.*|page"'), { severity: 'critical' })).toBe(true);
    expect(matchesLabels(m('env!~"dev.*"'), { env: 'prod' })).toBe(true);
    expect(matchesLabels(m('team=""'), {})).toBe(true);
    expect(matchesLabels(m('team!="a"'), {})).toBe(true);
    expect(matchesLabels(m('team="a"'), { team: 'a' })).toBe(true);
  });
});
