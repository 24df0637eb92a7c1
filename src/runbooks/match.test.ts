import { describe, expect, it } from 'vitest';
import { matchRunbooks } from './match.js';
import { parseRunbook } from './parse.js';
import type { Runbook } from './types.js';

function runbook(name: string, match: string): Runbook {
  const { runbook, problems } = parseRunbook(`---\ntitle: ${name}\nmatch:\n${match}\n---\n1. look\n`, `${name}.md`);
  if (!runbook) throw new Error(JSON.stringify(problems));
  return runbook;
}

const db = runbook('payments-db-latency', '  alerts: [PaymentsDbLatencyHigh]\n  services: [payments-db, payments]');
const checkout = runbook('checkout-bad-deploy', '  alerts: [CheckoutErrorRateHigh]\n  services: [checkout]');
const paging = runbook('paging-only', '  labels: [\'severity=~"critical|page"\', \'team="payments"\']');
const criticalDb = runbook('critical-db', '  services: [payments-db]\n  labels: [\'severity="critical"\']');
const all = [db, checkout, paging, criticalDb];

const alert = (labels: Record<string, string>) => ({ labels });

describe('matchRunbooks', () => {
  it('ranks by alert name, service and matchers, best first, leaving out what does not match', () => {
    const ranked = matchRunbooks(all, [
      alert({ alertname: 'PaymentsDbLatencyHigh', service: 'payments-db', severity: 'warning' }),
      alert({ alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' }),
    ]);
    expect(ranked.map((c) => [c.runbook.name, c.score])).toEqual([
      ['payments-db-latency', 5],
      ['checkout-bad-deploy', 2],
    ]);
    expect(ranked[0].reasons).toEqual(['alert PaymentsDbLatencyHigh', 'service payments-db']);
  });

  it('treats label matchers as conditions on each alert', () => {
    const warning = alert({ alertname: 'X', service: 'payments-db', severity: 'warning', team: 'payments' });
    const critical = alert({ alertname: 'X', service: 'payments-db', severity: 'critical', team: 'payments' });
    expect(matchRunbooks([criticalDb], [warning])).toEqual([]);
    expect(matchRunbooks([criticalDb], [critical])).toMatchObject([{ score: 3, reasons: ['service payments-db', 'severity="critical"'] }]);
    // A runbook with only matchers matches the alerts that satisfy all of them.
    expect(matchRunbooks([paging], [warning])).toEqual([]);
    expect(matchRunbooks([paging], [critical])).toMatchObject([{ score: 2 }]);
  });

  it('sums over alerts, so the runbook that explains more of what fires wins', () => {
    const ranked = matchRunbooks([db, checkout], [
      alert({ alertname: 'HighLatency', service: 'checkout' }),
      alert({ alertname: 'HighLatency', service: 'payments' }),
      alert({ alertname: 'HighErrorRate', service: 'payments' }),
    ]);
    expect(ranked.map((c) => [c.runbook.name, c.score])).toEqual([
      ['payments-db-latency', 4],
      ['checkout-bad-deploy', 2],
    ]);
  });

  it('reads the service the way the alerts capability does (job, pod names)', () => {
    expect(matchRunbooks([db], [alert({ alertname: 'PodCrashLooping', pod: 'payments-7c9d8f6b4-x2k4p' })])).toMatchObject([{ score: 2 }]);
    expect(matchRunbooks([db], [alert({ alertname: 'TargetDown', job: 'payments-db' })])).toMatchObject([{ score: 2 }]);
  });

  it('uses the incident services and the root cause, so the cause beats its victims', () => {
    expect(matchRunbooks(all, [], { services: ['checkout'] }).map((c) => c.runbook.name)).toEqual(['checkout-bad-deploy']);
    const victims = [alert({ alertname: 'CheckoutErrorRateHigh', service: 'checkout' }), alert({ alertname: 'HighLatency', service: 'payments' })];
    expect(matchRunbooks([db, checkout], victims)[0].runbook.name).toBe('checkout-bad-deploy');
    const withCause = matchRunbooks([db, checkout], victims, { rootCause: 'payments-db' });
    expect(withCause[0].runbook.name).toBe('payments-db-latency');
    expect(withCause[0].reasons).toContain('root cause payments-db');
  });

  it('breaks ties by name', () => {
    const a = runbook('a', '  services: [x]');
    const b = runbook('b', '  services: [x]');
    expect(matchRunbooks([b, a], [alert({ service: 'x' })]).map((c) => c.runbook.name)).toEqual(['a', 'b']);
  });
});
