/** `obs runbook list|show|lint|run --plan` on the shipped runbooks and on broken files, without a terminal. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runObs } from '../support/run-obs.js';

let home: string;
let previousHome: string | undefined;
const obs = (args: string[]) => runObs(args, { env: { OBS_HOME: home, USER: 'carol' } });

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'obs-runbook-'));
  previousHome = process.env.OBS_HOME;
  process.env.OBS_HOME = home;
});

afterAll(() => {
  if (previousHome === undefined) delete process.env.OBS_HOME;
  else process.env.OBS_HOME = previousHome;
});

describe('obs runbook', () => {
  it('list finds the shipped runbooks in ./runbooks', async () => {
    const list = await obs(['runbook', 'list', '-o', 'json']);
    expect(list.code).toBe(0);
    const { runbooks } = JSON.parse(list.stdout);
    expect(runbooks.map((r: { name: string }) => r.name)).toEqual(['cart-cache-saturation', 'checkout-bad-deploy', 'payments-db-latency']);
    expect(runbooks[2]).toMatchObject({ title: 'Payments database latency', steps: 9, match: { services: ['payments-db', 'payments'] } });
  });

  it('show prints the match and the plan of every step', async () => {
    const show = await obs(['runbook', 'show', 'payments-db-latency', '-o', 'table']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Payments database latency (payments-db-latency)');
    expect(show.stdout).toContain('Matches: alerts PaymentsDbLatencyHigh, PaymentsDbSlowQueries, PaymentsLatencyHigh, PaymentsDbDown; services payments-db, payments');
    expect(show.stdout).toMatch(/1\. How slow is payments-db\?\n {3}promql runs, expects < 0\.25\n {5}histogram_quantile/);
    expect(show.stdout).toContain('8. Last resort: end the blocking session.\n   sh not run: marked dangerous (needs --allow-dangerous) [dangerous]');
  });

  it('an unknown runbook is a usage error naming the known ones', async () => {
    const run = await obs(['runbook', 'run', 'nope', '--plan']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('obs: no runbook "nope"');
    expect(run.stderr).toContain('known runbooks: cart-cache-saturation, checkout-bad-deploy, payments-db-latency');
  });

  it('lint reports file:line problems and exits 2 on an error', async () => {
    const bad = join(home, 'broken.md');
    writeFileSync(bad, ['---', 'title: Broken', 'match:', '  alerts: [X]', '---', '', '1. Check', '', '   ```promql expect="about 3"', '   up', '   ```', ''].join('\n'));
    const lint = await obs(['runbook', 'lint', bad, 'runbooks/payments-db-latency.md']);
    expect(lint.code).toBe(2);
    expect(lint.stdout).toMatch(new RegExp(`^${bad.replaceAll('/', '\\/')}:9(:\\d+)?: error: expect="about 3" is not understood`));
    expect(lint.stderr).toMatch(/2 files: 1 error/);

    const clean = await obs(['runbook', 'lint']);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    expect(clean.stderr).toMatch(/^obs: 3 files: 0 errors, 0 warnings/);
  });

  it('run without a terminal prints the plan and runs nothing; --plan says what --yes would do', async () => {
    const run = await obs(['runbook', 'run', 'payments-db-latency', '-o', 'table']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('obs: not a terminal: printing the plan; --yes runs every step\n');
    expect(run.stdout).toContain('7. Who holds the locks?\n   sh asks before running');

    const plan = JSON.parse((await obs(['runbook', 'run', 'payments-db-latency', '--plan', '--yes', '--allow-dangerous', '-o', 'json'])).stdout);
    expect(plan.steps.map((s: { blocks: { action: string }[] }) => s.blocks.map((b) => b.action).join(',') || 'manual')).toEqual([
      'query', 'query', 'query', 'query', 'query', 'query', 'run', 'run', 'manual',
    ]);
  });
});
