import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../src/incidents/types.js';
import { parseRunbook } from '../../src/runbooks/parse.js';
import { runStep, type StepExecutors } from '../../src/runbooks/run.js';
import type { Runbook } from '../../src/runbooks/types.js';
import { makeTheme } from '../theme.js';
import { RunbookApp } from './app.js';
import { outputPreview } from './format.js';

const flush = () => new Promise((r) => setTimeout(r, 30));

async function waitFor(app: { lastFrame(): string | undefined }, text: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const frame = app.lastFrame() ?? '';
    if (frame.includes(text)) return flush().then(() => app.lastFrame() ?? '');
    await flush();
  }
  throw new Error(`"${text}" never appeared; last frame:\n${app.lastFrame()}`);
}

const md = `---
title: Payments database latency
match:
  services: [payments-db]
---

1. **How slow is payments-db?** Healthy is under 250 ms.

   \`\`\`promql expect="< 0.25"
   histogram_quantile(0.99, sum by (le) (rate(db_query_duration_seconds_bucket[5m])))
   \`\`\`

2. **Who holds the locks?**

   \`\`\`sh
   psql -c "select 1"
   \`\`\`

3. **Confirm recovery.** Re-run step 1.
`;

function setup(executors: StepExecutors = {}) {
  const { runbook } = parseRunbook(md, 'payments-db-latency.md');
  const recorded: EventBody[] = [];
  const shell: string[] = [];
  const app = render(
    <RunbookApp
      runbook={runbook as Runbook}
      theme={makeTheme({ color: false, unicode: true })}
      incident="inc-20261123-a7f"
      record={async (e) => void recorded.push(e)}
      run={(step, confirm) =>
        runStep(
          step,
          {
            promql: async () => ({ kind: 'vector', series: [{ labels: { service: 'payments-db' }, value: 1.32 }] }),
            sh: async (command) => (shell.push(command), { kind: 'text', text: ' ?column? \n 1\n', exitCode: 0 }),
            ...executors,
          },
          { confirm },
        )
      }
    />,
  );
  return { app, recorded, shell };
}

describe('RunbookApp', () => {
  it('shows the step, runs it on enter, shows the failed check and records it', async () => {
    const { app, recorded } = setup();
    let frame = await waitFor(app, 'How slow is payments-db?');
    expect(frame).toContain('Payments database latency (payments-db-latency)');
    expect(frame).toContain('→ inc-20261123-a7f');
    expect(frame).toContain('·1 ·2 ·3');
    expect(frame).toContain('promql  (expect < 0.25)');
    expect(frame).toContain('not run yet: enter or r runs it');
    app.stdin.write('\r');
    frame = await waitFor(app, 'step 1 failed; recorded in inc-20261123-a7f');
    expect(frame).toContain('✗ promql: 1.32 {service="payments-db"} (expect < 0.25: failed)');
    expect(frame).toContain('1.32  {service="payments-db"}');
    expect(frame).toContain('✗1 ·2 ·3');
    expect(recorded).toEqual([
      { type: 'runbook-step', runbook: 'payments-db-latency', step: 1, title: 'How slow is payments-db?', action: 'run', summary: '1.32 {service="payments-db"} (expect < 0.25: failed)', ok: false },
    ]);
  });

  it('asks before a sh block and runs it only on y', async () => {
    const { app, recorded, shell } = setup();
    await waitFor(app, 'How slow');
    app.stdin.write('n');
    await waitFor(app, '2/3  Who holds the locks?');
    app.stdin.write('r');
    let frame = await waitFor(app, 'Run this command? [y/N]');
    expect(frame).toContain('psql -c "select 1"');
    app.stdin.write('x');
    frame = await waitFor(app, 'step 2 not-run');
    expect(frame).toContain('sh: not run: declined');
    expect(shell).toEqual([]);
    app.stdin.write('r');
    await waitFor(app, 'Run this command? [y/N]');
    app.stdin.write('y');
    frame = await waitFor(app, 'step 2 ran');
    expect(frame).toContain('● sh: ?column?');
    expect(shell).toEqual(['psql -c "select 1"']);
    expect(recorded.map((e) => (e.type === 'runbook-step' ? `${e.step}:${e.summary}` : e.type))).toEqual(['2:not run: declined', '2:?column?']);
  });

  it('skips with s, takes a note with N, and moves back with p', async () => {
    const { app, recorded } = setup();
    await waitFor(app, 'How slow');
    app.stdin.write('s');
    let frame = await waitFor(app, '2/3  Who holds the locks?');
    expect(frame).toContain('-1 ·2 ·3');
    app.stdin.write('N');
    await waitFor(app, 'Note: ');
    app.stdin.write('blocked by the nightly report');
    await waitFor(app, 'Note: blocked by the nightly report');
    app.stdin.write('\r');
    frame = await waitFor(app, 'note on step 2 saved');
    app.stdin.write('p');
    frame = await waitFor(app, '1/3  How slow');
    expect(frame).toContain('skipped');
    expect(recorded).toEqual([
      { type: 'runbook-step', runbook: 'payments-db-latency', step: 1, title: 'How slow is payments-db?', action: 'skip', summary: 'skipped' },
      { type: 'runbook-step', runbook: 'payments-db-latency', step: 2, title: 'Who holds the locks?', action: 'note', summary: 'blocked by the nightly report' },
    ]);
  });

  it('says a manual step has nothing to run, and that the last step is the last', async () => {
    const { app } = setup();
    await waitFor(app, 'How slow');
    app.stdin.write('n');
    await waitFor(app, '2/3');
    app.stdin.write('n');
    const frame = await waitFor(app, '3/3  Confirm recovery.');
    expect(frame).toContain('manual step: read, do, and press n');
    app.stdin.write('n');
    await waitFor(app, 'this is the last step: q to quit');
  });

  it('keeps escape sequences from the results off the terminal', async () => {
    const { app } = setup({ promql: async () => ({ kind: 'vector', series: [{ labels: { service: 'evil\x1b]0;pwned\x07' }, value: 2 }] }) });
    await waitFor(app, 'How slow');
    app.stdin.write('r');
    const frame = await waitFor(app, 'step 1 failed');
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).toContain('service="evil"');
  });
});

describe('outputPreview', () => {
  it('shows the worst series first and says how many more there are', () => {
    const series = [1, 5, 3, 4].map((v, i) => ({ labels: { pod: `p${i}` }, value: v }));
    expect(outputPreview({ kind: 'vector', series }, 3, 80)).toEqual(['5  {pod="p1"}', '4  {pod="p3"}', '… 2 more']);
    expect(outputPreview({ kind: 'lines', lines: [] }, 3, 80)).toEqual(['(no lines)']);
    expect(outputPreview({ kind: 'text', text: 'a\nb\n\n' }, 5, 80)).toEqual(['a', 'b']);
  });
});
