import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { RecentLines } from '../../src/logs/recent-lines.js';
import { makeTheme } from '../theme.js';
import { TailLinesApp } from './tail-lines.js';
import { frameWhere, plain } from '../testing.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const line = (i: number, text = `GET /cart/${i} 200`) => ({ time: T0 + i * 1000, labels: { service: 'cart', pod: 'cart-7d9f' }, line: text });

let apps: { unmount(): void }[] = [];
afterEach(() => {
  for (const a of apps) a.unmount();
  apps = [];
});

function start(lines: RecentLines, size = { columns: 80, rows: 24 }) {
  const app = render(<TailLinesApp lines={lines} query={'{service="cart"}'} status={() => ({ state: 'connected', dropped: 0 })} redrawMs={10} theme={makeTheme({ color: true, unicode: true })} />);
  for (const [k, v] of Object.entries(size)) Object.defineProperty(app.stdout, k, { value: v, configurable: true });
  app.stdout.emit('resize');
  apps.push(app);
  return app;
}

/** The tail's line texts as drawn, top to bottom, and the selected one. */
const drawn = (frame: string) => {
  const rows = plain(frame).split('\n').map((l) => /^([▶ ]) \d\d:\d\d:\d\d\.\d{3} cart\s+(.*)$/.exec(l)).filter((m) => m !== null);
  return { texts: rows.map((m) => m[2].trim()), selected: rows.find((m) => m[1] === '▶')?.[2].trim() };
};

describe('obs logs tail on a terminal', () => {
  it('follows the newest lines, counting the earlier ones', async () => {
    const lines = new RecentLines();
    lines.add(Array.from({ length: 40 }, (_, i) => line(i)));
    const app = start(lines);
    let frame = await frameWhere(app, 'GET /cart/39 200');
    expect(frame).toContain('40 lines');
    expect(frame).toContain('following');
    const { texts } = drawn(frame);
    expect(texts.at(-1)).toBe('GET /cart/39 200');
    expect(plain(frame)).toContain(`… ${40 - texts.length} earlier`);
    lines.add([line(40)]);
    frame = await frameWhere(app, 'GET /cart/40 200');
    expect(drawn(frame).texts.at(-1)).toBe('GET /cart/40 200');
  });

  it('stops following on k, keeps the selected line in place while lines arrive, and follows again on G', async () => {
    const lines = new RecentLines();
    lines.add(Array.from({ length: 40 }, (_, i) => line(i)));
    const app = start(lines);
    await frameWhere(app, 'GET /cart/39 200');
    app.stdin.write('kkk');
    let frame = await frameWhere(app, (f) => drawn(f).selected === 'GET /cart/37 200');
    expect(frame).toContain('paused');
    lines.add([line(40), line(41)]);
    frame = await frameWhere(app, '2 newer');
    expect(drawn(frame).selected).toBe('GET /cart/37 200');
    expect(drawn(frame).texts).not.toContain('GET /cart/41 200');
    app.stdin.write('G');
    frame = await frameWhere(app, (f) => drawn(f).texts.at(-1) === 'GET /cart/41 200');
    expect(drawn(frame).selected).toBeUndefined();
  });

  it('opens the selected entry whole, wrapped, with its labels; esc goes back to it', async () => {
    const long = `ERROR payment failed for order 12345 after ${'retrying the card processor '.repeat(6)}the end`;
    const lines = new RecentLines();
    lines.add([line(0), line(1, `${long}\njava.lang.IllegalStateException: boom\n\tat com.shop.Pay.run(Pay.java:42)`), line(2)]);
    const app = start(lines);
    await frameWhere(app, 'GET /cart/2 200');
    app.stdin.write('kk');
    await frameWhere(app, (f) => drawn(f).selected?.startsWith('ERROR payment') === true);
    app.stdin.write('\r');
    let frame = plain(await frameWhere(app, 'IllegalStateException'));
    expect(frame).toContain('pod=cart-7d9f');
    expect(frame).toContain('service=cart');
    expect(frame).toContain('at com.shop.Pay.run(Pay.java:42)');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(long.replace(/\s+/g, ' '));
    for (const l of frame.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    app.stdin.write('\x1b');
    frame = await frameWhere(app, (f) => f.includes('GET /cart/2 200') && !f.includes('IllegalStateException:'));
    expect(drawn(frame).selected?.startsWith('ERROR payment')).toBe(true);
    expect(frame).toContain('paused');
  });

  it('never lets a line write escape sequences', async () => {
    const lines = new RecentLines();
    lines.add([line(0, 'evil \x1b]0;pwned\x07 \x1b[2J line')]);
    const app = start(lines);
    const frame = await frameWhere(app, 'evil');
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).not.toContain('\x1b[2J');
  });
});
