import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TailPatterns } from '../../src/logs/tail-model.js';
import { makeTheme } from '../theme.js';
import { TailPatternsApp } from './tail-patterns.js';
import { frameWhere, plain } from '../testing.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');

describe('TailPatternsApp', () => {
  it('shows pattern counts, highlights a new pattern on top as it appears, and sanitises templates', async () => {
    const model = new TailPatterns(T0);
    model.add([1, 2, 3].map((i) => ({ line: `GET /cart 200 took ${i}ms`, time: T0 - 1000 + i })), T0);
    let now = T0;
    const controller = new AbortController();
    const app = render(
      <TailPatternsApp model={model} query={'{service="payments"}'} status={() => ({ state: 'connected', dropped: 0 })} now={() => now} redrawMs={10} signal={controller.signal} theme={makeTheme({ color: false, unicode: true })} />,
    );
    let frame = await frameWhere(app, 'GET /cart');
    expect(frame).toContain('{service="payments"}  3 lines · 1 patterns · connected');
    expect(frame).toMatch(/^\s+3\s+3 1s\s+GET \/cart <\*> took <\*>$/m);
    expect(frame).not.toContain('NEW');

    now = T0 + 2000;
    // a right-to-left override in a line must not reorder what the terminal shows
    model.add([{ line: 'ERROR payment\u202e declined order=o-17', time: now }], now);
    frame = await frameWhere(app, (f) => f.includes('1 new') && f.includes('ERROR payment'));
    const lines = frame.split('\n');
    const header = lines.findIndex((l) => l.includes('PATTERN'));
    expect(lines[header + 1]).toMatch(/^NEW\s+1\s+1 0s\s+ERROR payment declined order=<\*>$/);
    expect(frame).not.toContain('\u202e');

    controller.abort();
    app.unmount();
  });

  it('selects a pattern with j and opens its first line whole, with its labels, on enter; esc goes back', async () => {
    const model = new TailPatterns(T0);
    const labels = { service: 'payments', pod: 'payments-5c8d' };
    const trace = 'ERROR charge failed for order o-1\n  at Payments.charge (payments.js:42)\n  at Server.handle (server.js:7)';
    model.add([{ line: trace, time: T0 - 2000, labels }], T0);
    model.add([1, 2, 3].map((i) => ({ line: `GET /cart 200 took ${i}ms`, time: T0 - 500 + i, labels })), T0);
    const controller = new AbortController();
    const app = render(
      <TailPatternsApp model={model} query={'{service="payments"}'} status={() => ({ state: 'connected', dropped: 0 })} now={() => T0} redrawMs={10} signal={controller.signal} theme={makeTheme({ color: false, unicode: true })} />,
    );
    await frameWhere(app, 'GET /cart');
    app.stdin.write('jj');
    let frame = plain(await frameWhere(app, (f) => /^▶\s+1\s.*ERROR charge failed/m.test(plain(f))));
    expect(frame).toContain('enter first line');
    app.stdin.write('\r');
    frame = plain(await frameWhere(app, 'at Server.handle'));
    expect(frame).toContain('pod=payments-5c8d  service=payments');
    expect(frame).toContain('at Payments.charge (payments.js:42)');
    expect(frame).toContain(new Date(T0 - 2000).toISOString());
    app.stdin.write('\u001b');
    frame = plain(await frameWhere(app, (f) => plain(f).includes('PATTERN')));
    expect(frame).toMatch(/^▶\s+1\s.*ERROR charge failed/m);

    controller.abort();
    app.unmount();
  });
});
