import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse.js';
import { formatProblem } from './types.js';

const LIST_RUNBOOK = `---
title: Payments DB latency
description: p99 of payments-db is high
match:
  alerts: [PaymentsDbLatencyHigh, PaymentsLatencyHigh]
  labels:
    - severity=~"crit|page"
  services: [payments-db]
---

# Payments DB latency

Read this first.

1. Check the p99 latency of payments-db

   \`\`\`promql expect="< 0.5"
   histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="payments-db"}[5m])))
   \`\`\`

2. Look for timeouts in the payments logs
   (they start when the pool is exhausted)

   \`\`\`logql expect="empty"
   {service="payments"} |= "timeout"
   \`\`\`

   \`\`\`text
   not executed: just an example of a log line
   \`\`\`

3. Restart the connection pool

   \`\`\`sh dangerous=true
   kubectl -n payments rollout restart deploy/payments
   # a comment, not a heading
   \`\`\`

4. Tell #payments what you found.

## Escalation

1. This list is not a step list.
`;

const err = (text: string) => parseRunbook(text, 'runbooks/x.md').problems.map(formatProblem);
const FRONT = '---\ntitle: T\nmatch:\n  alerts: [A]\n---\n';

describe('parseRunbook', () => {
  it('reads front matter, numbered steps, executable blocks and their attributes', () => {
    const { runbook, problems } = parseRunbook(LIST_RUNBOOK, 'runbooks/payments-db-latency.md');
    expect(problems).toEqual([]);
    expect(runbook).toBeDefined();
    const rb = runbook!;
    expect(rb.name).toBe('payments-db-latency');
    expect(rb.title).toBe('Payments DB latency');
    expect(rb.description).toBe('p99 of payments-db is high');
    expect(rb.match.alerts).toEqual(['PaymentsDbLatencyHigh', 'PaymentsLatencyHigh']);
    expect(rb.match.labels).toEqual([{ name: 'severity', op: '=~', value: 'crit|page', text: 'severity=~"crit|page"' }]);
    expect(rb.match.services).toEqual(['payments-db']);
    expect(rb.intro).toBe('# Payments DB latency\n\nRead this first.');
    expect(rb.steps.map((s) => [s.index, s.title, s.line])).toEqual([
      [1, 'Check the p99 latency of payments-db', 15],
      [2, 'Look for timeouts in the payments logs', 21],
      [3, 'Restart the connection pool', 32],
      [4, 'Tell #payments what you found.', 39],
    ]);
    const [s1, s2, s3, s4] = rb.steps;
    expect(s1.blocks).toEqual([
      {
        lang: 'promql',
        code: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="payments-db"}[5m])))',
        line: 17,
        expect: { op: '<', value: 0.5, text: '< 0.5' },
        dangerous: false,
      },
    ]);
    expect(s2.blocks).toMatchObject([{ lang: 'logql', code: '{service="payments"} |= "timeout"', expect: { op: 'empty' } }]);
    // The text block stays in the prose.
    expect(s2.text).toContain('(they start when the pool is exhausted)');
    expect(s2.text).toContain('not executed: just an example of a log line');
    expect(s3.blocks).toMatchObject([{ lang: 'sh', dangerous: true, code: 'kubectl -n payments rollout restart deploy/payments\n# a comment, not a heading' }]);
    expect(s4.blocks).toEqual([]);
  });

  it('takes ## sections as steps when a section comes first', () => {
    const { runbook, problems } = parseRunbook(
      `${FRONT}Intro.\n\n## Check errors\n\nSee:\n\n1. the dashboard\n2. the logs\n\n\`\`\`promql expect="== 0"\nsum(rate(http_requests_total{code=~"5.."}[5m]))\n\`\`\`\n\n### Detail\n\nmore\n\n## Roll back\n\n\`\`\`obs\nobs deploy rollback checkout\n\`\`\`\n`,
      'x.md',
    );
    expect(problems).toEqual([]);
    expect(runbook!.steps.map((s) => s.title)).toEqual(['Check errors', 'Roll back']);
    expect(runbook!.steps[0].text).toContain('### Detail');
    expect(runbook!.steps[0].blocks[0].expect).toEqual({ op: '==', value: 0, text: '== 0' });
    expect(runbook!.steps[1].blocks[0]).toMatchObject({ lang: 'obs', line: 25 });
  });

  it('lets the front matter choose how steps are found', () => {
    const text = `---\ntitle: T\nsteps: list\nmatch:\n  services: [cart]\n---\n## About\n\n1. one\n2. two\n`;
    expect(parseRunbook(text, 'x.md').runbook!.steps.map((s) => s.title)).toEqual(['one', 'two']);
  });

  it('takes a bold lead as the title of a list step, the rest of the line as its text', () => {
    const rb = parseRunbook(`${FRONT}1. **Is the cache hitting?** Healthy is above 90%.\n   More detail.\n2. __Plain__\n`, 'x.md').runbook!;
    expect(rb.steps.map((s) => [s.title, s.text])).toEqual([
      ['Is the cache hitting?', 'Healthy is above 90%.\nMore detail.'],
      ['Plain', ''],
    ]);
  });

  it('accepts a column-0 fence between items as part of the item before it', () => {
    const text = `${FRONT}1. Check\n\n\`\`\`promql\nup\n\`\`\`\n\n2. Next\n`;
    const rb = parseRunbook(text, 'x.md').runbook!;
    expect(rb.steps.map((s) => s.blocks.length)).toEqual([1, 0]);
  });

  describe('reports each problem with file:line', () => {
    it('missing front matter', () => {
      expect(err('# Just a title\n\n1. step\n')).toEqual(['runbooks/x.md:1: error: missing front matter: start the file with ---, then title: and match:, then ---']);
    });
    it('front matter not closed', () => {
      expect(err('---\ntitle: x\n\n1. step\n')[0]).toBe('runbooks/x.md:1: error: front matter is not closed: add a --- line after it');
    });
    it('YAML syntax error, at its line and column', () => {
      expect(err('---\ntitle: T\nmatch:\n  alerts: [A\n---\n1. s\n')[0]).toMatch(/^runbooks\/x\.md:4:13: error: YAML: Flow sequence/);
    });
    it('missing title', () => {
      expect(err('---\nmatch:\n  alerts: [A]\n---\n1. s\n')).toEqual(['runbooks/x.md:2: error: front matter needs a title:']);
    });
    it('title that is not text', () => {
      expect(err('---\ntitle: [a]\nmatch:\n  alerts: [A]\n---\n1. s\n')).toEqual(['runbooks/x.md:2: error: title must be text']);
    });
    it('unknown match key', () => {
      expect(err('---\ntitle: T\nmatch:\n  alert: [A]\n---\n1. s\n')).toEqual([
        'runbooks/x.md:4: error: unknown match key "alert": use alerts, labels or services',
      ]);
    });
    it('bad label matcher, at the item line', () => {
      expect(err('---\ntitle: T\nmatch:\n  labels:\n    - severity="page"\n    - severity~"x"\n    - svc=~"(unclosed"\n---\n1. s\n')).toEqual([
        'runbooks/x.md:6: error: "severity~"x"" is not a label matcher: expected e.g. severity="page" or service=~"pay.*"',
        expect.stringMatching(/^runbooks\/x\.md:7: error: bad regex in "svc=~"\(unclosed"": /),
      ]);
    });
    it('match entries that are not strings', () => {
      expect(err('---\ntitle: T\nmatch:\n  services:\n    - {a: 1}\n---\n1. s\n')).toEqual(['runbooks/x.md:5: error: match.services takes a list of strings']);
    });
    it('no match is only a warning', () => {
      const { runbook, problems } = parseRunbook('---\ntitle: T\n---\n1. s\n', 'x.md');
      expect(runbook).toBeDefined();
      expect(problems.map(formatProblem)).toEqual([
        'x.md:2: warning: no match: alerts, labels or services; this runbook is never picked for an incident, only run by name',
      ]);
    });
    it('unknown front matter key is a warning', () => {
      expect(err('---\ntitle: T\nowner: team-a\nseverity: high\nmatch:\n  alerts: [A]\n---\n1. s\n')).toEqual([
        'runbooks/x.md:4: warning: unknown front matter key "severity" (known: title, description, match, steps, owner, tags)',
      ]);
    });
    it('no steps', () => {
      expect(err(`${FRONT}Just prose.\n`)).toEqual(['runbooks/x.md:6: error: no steps: number the steps (1. ...) or give each step a ## heading']);
    });
    it('unclosed code block', () => {
      expect(err(`${FRONT}1. s\n\n   \`\`\`promql\n   up\n`)).toEqual(['runbooks/x.md:8: error: code block is not closed: add the closing fence']);
    });
    it('bad expect', () => {
      expect(err(`${FRONT}1. s\n   \`\`\`promql expect="about 3"\n   up\n   \`\`\`\n`)).toEqual([
        'runbooks/x.md:7: error: expect="about 3" is not understood: use one of < N, <= N, > N, >= N, == N, != N, empty, not empty',
      ]);
    });
    it('expect on sh, dangerous on a query, unknown attribute', () => {
      expect(err(`${FRONT}1. s\n   \`\`\`sh expect="== 0"\n   true\n   \`\`\`\n   \`\`\`promql dangerous=true\n   up\n   \`\`\`\n   \`\`\`logql timeout=5s\n   {a="b"}\n   \`\`\`\n`)).toEqual([
        'runbooks/x.md:7: error: expect is for query blocks (promql, logql, obs), not sh',
        'runbooks/x.md:10: error: only sh blocks can be marked dangerous',
        'runbooks/x.md:13: error: unknown attribute "timeout" (known: expect, dangerous)',
      ]);
    });
    it('expect: or dangerous: written as a line of prose', () => {
      expect(err(`${FRONT}1. s\n   \`\`\`sh\n   true\n   \`\`\`\n   dangerous: true\n`)).toEqual([
        'runbooks/x.md:10: error: "dangerous:" on its own line is not read; put it on the fence: ```sh dangerous=true',
      ]);
    });
    it('empty block', () => {
      expect(err(`${FRONT}1. s\n   \`\`\`promql\n   \`\`\`\n`)).toEqual(['runbooks/x.md:7: error: empty promql block']);
    });
    it('PromQL and LogQL syntax errors, at the line and column inside the block', () => {
      expect(err(`${FRONT}1. s\n   \`\`\`promql\n   sum(\n     rate(x[5m]\n   \`\`\`\n2. t\n   \`\`\`logql\n   {service="a"} |=\n   \`\`\`\n`)).toEqual([
        'runbooks/x.md:9:16: error: PromQL syntax error at the end of the query',
        'runbooks/x.md:13:20: error: LogQL syntax error at the end of the query',
      ]);
    });
    it('executable block outside every step is a warning', () => {
      expect(err(`${FRONT}\`\`\`promql\nup\n\`\`\`\n\n1. s\n`)).toEqual(['runbooks/x.md:6: warning: this promql block is not inside a step, so it never runs']);
    });
  });
});
