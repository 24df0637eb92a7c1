/** Helpers for ink-testing-library tests: wait for what the screen shows, never for a time. */

export interface Rendered {
  lastFrame(): string | undefined;
}

/**
 * Poll until the frame passes `test` (a text it must contain, a pattern, or a predicate); throw
 * with the last frame when it never does. The deadline is only a safety net: under load it waits
 * longer, it never asserts on how long anything took.
 */
export async function frameWhere(app: Rendered, test: string | RegExp | ((frame: string) => boolean), deadlineMs = 15_000): Promise<string> {
  const pass = typeof test === 'string' ? (f: string) => f.includes(test) : test instanceof RegExp ? (f: string) => test.test(f) : test;
  const until = Date.now() + deadlineMs;
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (pass(frame)) return frame;
    if (Date.now() > until) throw new Error(`the screen never showed ${String(test)}; it shows:\n${frame}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Text of a frame without colour codes. */
export const plain = (frame: string): string => frame.replace(/\x1b\[[0-9;]*m/g, '');
