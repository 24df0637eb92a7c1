import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../http/errors.js';
import type { QueryFn } from './evaluate.js';
import { burnByService, loadContextSlos, sloCockpitFrom } from './live.js';
import { parseSloSources } from './load.js';

const sloth = (service: string, name: string, objective: number, selector = `service="${service}"`) =>
  [
    'version: prometheus/v1',
    `service: ${service}`,
    'slos:',
    `  - name: ${name}`,
    `    objective: ${objective}`,
    '    sli:',
    '      events:',
    `        error_query: http_requests_total{${selector},code=~"5.."}`,
    `        total_query: http_requests_total{${selector}}`,
  ].join('\n');

const { slos: SLOS } = parseSloSources([
  { file: 'payments.yaml', text: sloth('payments', 'availability', 99.9) },
  { file: 'payments-api.yaml', text: sloth('payments', 'api', 99, 'service="payments",route="/api"') },
  { file: 'checkout.yaml', text: sloth('checkout', 'availability', 99.5) },
  { file: 'cart.yaml', text: sloth('cart', 'availability', 99) },
]);

/**
 * payments: 0.05% errors in every window (half its 99.9% budget left); its /api route 0.4% (60% of
 * its 99% budget left); checkout: 1% (page alert, budget overspent); cart: no traffic.
 */
function prometheus() {
  let calls = 0;
  const query: QueryFn = async (promql) => {
    calls++;
    if (promql.includes('cart')) return { series: [{ labels: {}, value: 0 }] };
    const bad = promql.includes('5..');
    const ratio = promql.includes('/api') ? 0.004 : promql.includes('payments') ? 0.0005 : 0.01;
    return { series: [{ labels: {}, value: bad ? 10_000 * ratio : 10_000 }] };
  };
  return { query, calls: () => calls };
}

describe('SLOs for the cockpit', () => {
  it('lists every SLO worst first, with the panel fields', async () => {
    const p = prometheus();
    const cockpit = sloCockpitFrom(p.query, SLOS, () => 1_700_000_000_000);
    const items = await cockpit.slos();
    expect(items.map((i) => [i.name, i.verdict])).toEqual([
      ['checkout-availability', 'BREACHED'],
      ['cart-availability', 'NO_DATA'],
      ['payments-availability', 'OK'],
      ['payments-api', 'OK'],
    ]);
    const payments = items[2];
    expect(payments).toMatchObject({ service: 'payments', objective: 0.999, sli: 0.9995 });
    expect(payments.budgetRemaining).toBeCloseTo(0.5, 12);
    expect(payments.burnRates['1h']).toBeCloseTo(0.5, 12);
    expect(items[1]).toMatchObject({ sli: undefined, budgetRemaining: undefined });
    expect(items[1].burnRates['30d']).toBeUndefined();
  });

  it('gives the worst remaining budget per service, leaving out services without data', async () => {
    const cockpit = sloCockpitFrom(prometheus().query, SLOS, () => 1_700_000_000_000);
    const budgets = await cockpit.budgetByService();
    expect(Object.keys(budgets).sort()).toEqual(['checkout', 'payments']);
    expect(budgets.payments).toBeCloseTo(0.5, 12);
    expect(budgets.checkout).toBeCloseTo(-1, 12);
    expect((await cockpit.serviceSlos('payments')).map((s) => s.name)).toEqual(['payments-availability', 'payments-api']);
  });

  it('evaluates at most once a minute: every panel and refresh within it shares the report', async () => {
    const p = prometheus();
    let now = 1_700_000_000_000;
    const cockpit = sloCockpitFrom(p.query, SLOS, () => now);
    await Promise.all([cockpit.slos(), cockpit.budgetByService(), cockpit.serviceSlos('payments')]);
    const perEvaluation = p.calls();
    for (let refresh = 0; refresh < 29; refresh++) {
      now += 2_000;
      await Promise.all([cockpit.slos(), cockpit.budgetByService()]);
    }
    expect(p.calls()).toBe(perEvaluation);
    now += 2_000;
    await cockpit.slos();
    expect(p.calls()).toBe(2 * perEvaluation);
  });

  it('tries again on the next refresh after a failed evaluation', async () => {
    let fail = true;
    const inner = prometheus();
    const query: QueryFn = async (promql, at) => {
      if (fail) throw new TypeError('bug in a query function');
      return inner.query(promql, at);
    };
    const cockpit = sloCockpitFrom(query, SLOS, () => 1_700_000_000_000);
    await expect(cockpit.slos()).rejects.toThrow('bug in a query function');
    fail = false;
    expect(await cockpit.slos()).toHaveLength(4);
  });

  it('says the budgets are unknown while Prometheus fails, and does not keep that answer once it is back', async () => {
    let down = true;
    const inner = prometheus();
    const query: QueryFn = async (promql, at) => {
      if (down) throw new BackendError({ backend: 'prometheus', kind: 'unreachable', message: 'connection refused' });
      return inner.query(promql, at);
    };
    const cockpit = sloCockpitFrom(query, SLOS, () => 1_700_000_000_000);
    await expect(cockpit.budgetByService()).rejects.toThrow(/connection refused/);
    down = false;
    expect(Object.keys(await cockpit.budgetByService()).sort()).toEqual(['checkout', 'payments']);
  });
});

describe('the specs of a context', () => {
  const spec = sloth('payments', 'availability', 99.9);

  it('reads sloDir relative to the config file, else to the working directory', async () => {
    const home = mkdtempSync(join(tmpdir(), 'obs-ctx-'));
    mkdirSync(join(home, 'specs'));
    writeFileSync(join(home, 'specs', 'payments.yaml'), spec);
    const fromConfig = await loadContextSlos({ sloDir: 'specs' }, '/nonexistent', join(home, 'config.json'));
    expect(fromConfig.slos.map((s) => s.name)).toEqual(['payments-availability']);
    const fromCwd = await loadContextSlos({ sloDir: 'specs' }, home);
    expect(fromCwd.slos.map((s) => s.name)).toEqual(['payments-availability']);
  });

  it('falls back to ./slos and ./slo, and to no SLOs at all', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'obs-cwd-'));
    expect(await loadContextSlos({}, cwd)).toEqual({ slos: [], problems: [] });
    mkdirSync(join(cwd, 'slo'));
    writeFileSync(join(cwd, 'slo', 'payments.yaml'), spec);
    expect((await loadContextSlos({}, cwd)).slos).toHaveLength(1);
  });

  it('reports a missing sloDir as a problem', async () => {
    const { slos, problems } = await loadContextSlos({ sloDir: '/no/such/slos' }, '/');
    expect(slos).toEqual([]);
    expect(problems).toEqual([{ file: '/no/such/slos', line: 0, column: 0, message: 'no such file or directory' }]);
  });
});

describe('burnByService', () => {
  it('gives the highest 1h burn per service from two queries per SLO, leaving out services without traffic', async () => {
    const p = prometheus();
    const seen: string[] = [];
    const query: QueryFn = (promql, at) => {
      seen.push(promql);
      return p.query(promql, at);
    };
    const burns = await burnByService(query, SLOS, 1_700_000_000_000);
    expect(Object.keys(burns).sort()).toEqual(['checkout', 'payments']);
    expect(burns.checkout).toBeCloseTo(2, 12);
    expect(burns.payments).toBeCloseTo(0.5, 12); // availability (0.5) beats the /api route (0.4)
    expect(seen).toHaveLength(SLOS.length * 2);
    expect(seen.every((q) => q.includes('[1h]'))).toBe(true);
  });

  it('is what the cockpit\'s shared SLO report gives, with no request of its own', async () => {
    const p = prometheus();
    const cockpit = sloCockpitFrom(p.query, SLOS, () => 1_700_000_000_000);
    await cockpit.slos();
    const asked = p.calls();
    const fromReport = await cockpit.burnByService();
    expect(p.calls()).toBe(asked);
    const direct = await burnByService(prometheus().query, SLOS, 1_700_000_000_000);
    expect(Object.keys(fromReport).sort()).toEqual(Object.keys(direct).sort());
    for (const service of Object.keys(direct)) expect(fromReport[service]).toBeCloseTo(direct[service]!, 12);
  });
});
