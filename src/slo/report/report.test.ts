import { describe, expect, it } from 'vitest';
import { evaluateSlos, type QueryFn, type SloReport } from '../evaluate.js';
import { parseGate } from '../gates.js';
import { parseSloSources } from '../load.js';
import type { SloDefinition } from '../types.js';
import { formatExplain } from './explain.js';
import { formatJson, reportJson } from './json.js';
import { formatJunit, xml } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { statusRows } from './status.js';

const AT = Date.parse('2024-05-15T10:00:00Z');
const HOUR = 3_600_000;

const sloth = (service: string, objective: number) =>
  [
    'version: prometheus/v1',
    `service: ${service}`,
    'slos:',
    '  - name: availability',
    `    objective: ${objective}`,
    '    description: "Requests without a 5xx."',
    '    sli:',
    '      events:',
    `        error_query: http_requests_total{service="${service}",code=~"5.."}`,
    `        total_query: http_requests_total{service="${service}"}`,
  ].join('\n');

const SLOS: SloDefinition[] = parseSloSources([
  { file: 'checkout.yaml', text: sloth('checkout', 99.5) },
  { file: 'payments.yaml', text: sloth('payments', 99.9) },
  { file: 'cart.yaml', text: sloth('cart', 99) },
]).slos;

/**
 * checkout: 0.1% errors, steady (OK). payments: 2% errors in the last hour only (page: BREACHED).
 * cart: no traffic at all (NO_DATA).
 */
const query: QueryFn = async (promql) => {
  const hours = windowHours(promql);
  const bad = /code=~"5\.\."/.test(promql);
  if (promql.includes('cart')) return { series: [{ labels: {}, value: 0 }] };
  if (promql.includes('payments')) return { series: [{ labels: {}, value: bad ? 1000 * 0.02 * Math.min(hours, 1) : 1000 * hours }] };
  return { series: [{ labels: {}, value: bad ? 1000 * 0.001 * hours : 1000 * hours }] };
};

function windowHours(promql: string): number {
  const m = /\[(\d+)([mhd])\]/.exec(promql)!;
  return Number(m[1]) * { m: 1 / 60, h: 1, d: 24 }[m[2] as 'm' | 'h' | 'd'];
}

async function report(slos = SLOS, gates: string[] = []): Promise<SloReport> {
  return evaluateSlos(slos, query, { at: AT, gates: gates.map(parseGate) });
}

describe('JSON', () => {
  it('has the documented fields per SLO', async () => {
    const json = reportJson(await report());
    expect(json.at).toBe('2024-05-15T10:00:00Z');
    expect(json.verdict).toBe('BREACHED');
    const [checkout, payments, cart] = json.slos;
    expect(Object.keys(checkout)).toEqual([
      'name', 'service', 'description', 'objective', 'period', 'periodKind', 'periodStart', 'periodEnd', 'budgetingMethod',
      'sli', 'errorRatio', 'budget', 'burnRates', 'coverage', 'alerts', 'gates', 'exhaustsAt', 'verdict', 'reasons', 'error', 'windows',
    ]);
    expect(checkout.coverage).toEqual({ ratio: 1, covered: '30d', step: '1h', query: 'count_over_time((sum(increase(http_requests_total{service="checkout"}[1h])))[30d:1h])' });
    expect(checkout).toMatchObject({
      name: 'checkout-availability',
      service: 'checkout',
      objective: 0.995,
      period: '30d',
      periodKind: 'rolling',
      periodStart: '2024-04-15T10:00:00Z',
      periodEnd: '2024-05-15T10:00:00Z',
      verdict: 'OK',
      error: null,
      budget: { total: 0.005 },
    });
    expect(checkout.sli).toBeCloseTo(0.999, 12);
    expect(checkout.budget!.consumed).toBeCloseTo(0.2, 12);
    expect(checkout.budget!.remaining).toBeCloseTo(0.8, 12);
    expect(Object.keys(checkout.burnRates)).toEqual(['30d', '5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    // 80% left at 0.2×: 0.8 × 30d / 0.2 = 120 days
    expect(checkout.exhaustsAt).toBe('2024-09-12T10:00:00Z');
    expect(payments.alerts[0]).toEqual({ severity: 'page', long: '1h', short: '5m', threshold: 14.4, firing: true, longBurn: 20, shortBurn: 20 });
    expect(payments.alerts.slice(1).map((a) => a.firing)).toEqual([false, false, false]);
    expect(payments.verdict).toBe('BREACHED');
    expect(cart).toMatchObject({ sli: null, budget: null, exhaustsAt: null, verdict: 'NO_DATA', reasons: ['no data: no traffic over 30d (total is 0)'] });
    expect(cart.burnRates['1h']).toBeNull();
  });

  it('keeps each window\'s query and value, and serialises to the same object', async () => {
    const r = await report();
    const text = formatJson(r);
    expect(JSON.parse(text)).toEqual(reportJson(r));
    expect(JSON.parse(text).slos[0].windows[3]).toEqual({
      window: '1h',
      range: '1h',
      numerator: { kind: 'bad', query: 'sum(increase(http_requests_total{service="checkout",code=~"5.."}[1h]))', value: 1 },
      total: { query: 'sum(increase(http_requests_total{service="checkout"}[1h]))', value: 1000 },
      sli: 0.999,
      errorRatio: 0.001,
      burnRate: 0.2,
      coverage: 1,
    });
  });

  it('reports gates and backend errors', async () => {
    const failing: QueryFn = async () => {
      throw Object.assign(new Error('prometheus: connection refused'), { kind: 'unreachable' });
    };
    const r = await evaluateSlos(SLOS.slice(0, 1), failing, { at: AT });
    expect(reportJson(r).slos[0]).toMatchObject({ verdict: 'NO_DATA', error: { kind: 'unreachable', message: 'prometheus: connection refused' } });
    const gated = reportJson(await report(SLOS.slice(0, 1), ['remaining<90%']));
    expect(gated.slos[0].gates).toEqual([{ expr: 'remaining<90%', severity: 'breach', value: gated.slos[0].budget!.remaining, firing: true }]);
    expect(gated.slos[0].verdict).toBe('BREACHED');
  });
});

describe('JUnit XML', () => {
  it('one testcase per SLO: failure for BREACHED, error for NO_DATA', async () => {
    const out = formatJunit(await report());
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="obs slo check" tests="3" failures="1" errors="1">')).toBe(true);
    expect(out.match(/<testcase /g)).toHaveLength(3);
    expect(out).toContain('<testcase classname="checkout" name="checkout-availability" time="0">\n      <system-out>');
    expect(out).toMatch(
      /<testcase classname="payments" name="payments-availability" time="0">\n {6}<failure type="BREACHED" message="BREACHED: page alert: burn rate 20 over 1h and 20 over 5m, both above 14.4">/,
    );
    expect(out).toMatch(/<testcase classname="cart" name="cart-availability" time="0">\n {6}<error type="NO_DATA" message="NO_DATA: no data: no traffic over 30d \(total is 0\)">/);
  });

  it('escapes markup and drops characters XML cannot hold', async () => {
    expect(xml(`a<b>&"c"'d'\x1b[31m\x00`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;[31m');
    const weird = { ...SLOS[1], name: 'pay<ments> & "co"', service: "o'neil" };
    const out = formatJunit(await report([weird]));
    expect(out).toContain('<testcase classname="o&apos;neil" name="pay&lt;ments&gt; &amp; &quot;co&quot;" time="0">');
    expect(out).not.toMatch(/name="[^"]*<[^"]*"/);
  });
});

describe('Markdown', () => {
  it('a PR comment: overall verdict, one row per SLO, and why', async () => {
    const out = formatMarkdown(await report());
    const lines = out.split('\n');
    expect(lines[0]).toBe('### ❌ BREACHED: SLO check');
    expect(lines[2]).toBe('Evaluated at 2024-05-15T10:00:00Z · 3 SLOs: 1 BREACHED, 1 NO_DATA, 1 OK');
    expect(lines).toContain('| ✅ OK | checkout-availability | checkout | 99.5% / 30d | 99.9% | 80% | 0.2 | — | 100% |');
    expect(lines).toContain('| ❌ BREACHED | payments-availability | payments | 99.9% / 30d | 99.997% | 97.2% | 20 | page 1h/5m | 100% |');
    expect(lines).toContain('| ❔ NO_DATA | cart-availability | cart | 99% / 30d | — | — | — | — | 0% |');
    expect(lines).toContain('- page alert: burn rate 20 over 1h and 20 over 5m, both above 14.4');
  });

  it('neutralises table-breaking and HTML text from specs', async () => {
    const weird = { ...SLOS[0], name: 'a|b <script>', service: 'x_y*\x1b[2J' };
    const out = formatMarkdown(await report([weird]));
    expect(out).toContain('| a\\|b &lt;script&gt; | x\\_y\\* |');
  });
});

describe('coverage', () => {
  it('says "0s" covered, in JSON and explain, when the period holds no data at all', async () => {
    const fresh: QueryFn = async (promql) => (promql.startsWith('count_over_time') ? { series: [] } : query(promql, AT));
    const evaluated = await evaluateSlos(SLOS.slice(0, 1), fresh, { at: AT });
    expect(reportJson(evaluated).slos[0].coverage).toMatchObject({ ratio: 0, covered: '0s', step: '1h' });
    expect(formatExplain(evaluated.results[0])).toContain('  covered: 0s of 30d = 0%');
  });
});

describe('explain', () => {
  it('shows every query, its value and the arithmetic down to the verdict', async () => {
    const r = (await report()).results[1];
    const out = formatExplain(r);
    expect(out).toContain('payments-availability  (service payments; sloth spec payments.yaml:4)');
    expect(out).toContain('objective 99.9% over 30d (rolling); error budget = 1 - 0.999 = 0.001');
    expect(out).toContain(
      [
        'window 1h',
        '  bad    sum(increase(http_requests_total{service="payments",code=~"5.."}[1h]))',
        '         = 20',
        '  total  sum(increase(http_requests_total{service="payments"}[1h]))',
        '         = 1000',
        '  data coverage 100%',
        '  error ratio = 20 / 1000 = 0.02',
        '  SLI         = 1 - 0.02 = 98%',
        '  burn rate   = 0.02 / 0.001 = 20',
      ].join('\n'),
    );
    expect(out).toContain('budget over 30d: consumed = 0.0000277778 / 0.001 = 2.78%; remaining = 1 - 0.0277778 = 97.22%');
    expect(out).toContain('  page   1h & 5m   > 14.4   (2% of budget): 20 & 20 → FIRING');
    expect(out).toContain('  ticket 3d & 6h   > 1      (10% of budget): 0.28 & 3.33 → not firing');
    expect(out).toMatch(/exhaustion: remaining 0\.972222 × 30d \/ burn\(1h\) 20 → 2024-05-16T21:00:00Z \(in 1d11h\)/);
    expect(out.trimEnd().endsWith('verdict: BREACHED\n  - page alert: burn rate 20 over 1h and 20 over 5m, both above 14.4')).toBe(true);
  });

  it('says which windows had no data, and why an SLO could not be evaluated', async () => {
    const quiet = formatExplain((await report()).results[2]);
    expect(quiet).toContain('  no data: no traffic in this window');
    const failing: QueryFn = async () => {
      throw Object.assign(new Error('prometheus: 503 Service Unavailable'), { kind: 'http' });
    };
    const failed = formatExplain((await evaluateSlos(SLOS.slice(0, 1), failing, { at: AT })).results[0]);
    expect(failed).toContain('could not evaluate (http): prometheus: 503 Service Unavailable');
    expect(failed).toContain('verdict: NO_DATA');
  });

  it('never passes escape sequences from a spec through to the terminal', async () => {
    const hostile = { ...SLOS[0], description: 'fine\x1b]0;pwned\x07 text\x1b[2J' };
    const out = formatExplain((await report([hostile])).results[0]);
    expect(out).toContain('fine text');
    expect(out).not.toContain('\x1b');
  });
});

describe('status rows', () => {
  it('objective, SLI, budget left, burn now and the firing alert per SLO', async () => {
    const rows = statusRows(await report());
    expect(rows.map((r) => [r.name, r.verdict, r.firingAlert])).toEqual([
      ['checkout-availability', 'OK', null],
      ['payments-availability', 'BREACHED', 'page 1h/5m'],
      ['cart-availability', 'NO_DATA', null],
    ]);
    expect(rows[1].burnNow).toBeCloseTo(20, 10);
    expect(rows[1].budgetRemaining).toBeCloseTo(1 - 20 / 720_000 / 0.001, 10);
    expect(rows[1].exhaustsAt! - AT).toBeCloseTo((rows[1].budgetRemaining! * 720 * HOUR) / 20, 0);
    expect(rows[2]).toMatchObject({ sli: null, budgetRemaining: null, burnNow: null });
  });
});
