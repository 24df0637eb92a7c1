import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

/** Under CI a missing tmux is a failure, not a skip: say so in a test of its own. */
export function requireTmuxInCi(): string | undefined {
  return !hasTmux && process.env.CI === 'true' ? 'tmux is not installed: the end-to-end TUI tests need it in CI (apt-get install tmux)' : undefined;
}

/** One program in a detached tmux session on a private socket, driven like a person would. */
export class TmuxSession {
  private readonly socket = `obs-test-${randomBytes(4).toString('hex')}`;
  private readonly name = 'obs';

  constructor(readonly options: { width: number; height: number; cwd?: string; env?: NodeJS.ProcessEnv }) {}

  private run(...args: string[]) {
    return spawnSync('tmux', ['-L', this.socket, ...args], { cwd: this.options.cwd, env: { ...process.env, ...this.options.env }, encoding: 'utf8' });
  }

  start(command: string): void {
    // The shell prints the exit status and keeps the pane open, so both can be read after the program ends.
    const wrapped = `${command}; echo "[exited $?]"; sleep 600`;
    const r = this.run('new-session', '-d', '-s', this.name, '-x', String(this.options.width), '-y', String(this.options.height), wrapped);
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  screen(): string {
    return this.run('capture-pane', '-p', '-t', this.name).stdout;
  }

  /** Press keys (tmux key names such as Enter, Tab, Escape), one at a time, at a person's pace. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.run('send-keys', '-t', this.name, key);
      await pause(150);
    }
  }

  /**
   * Press `key` once and wait (up to `timeoutMs`) until `tookEffect` holds for the screen, by default
   * until the screen changes other than in its clocks (a refresh redraws "updated 10:04:05"): the next
   * key is sent only once the program has drawn what this one did, however slowly it takes keys. The
   * last screen is returned either way.
   */
  async press(key: string, tookEffect?: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const before = withoutClocks(this.screen());
    this.run('send-keys', '-t', this.name, key);
    return this.waitFor(tookEffect ?? ((s) => withoutClocks(s) !== before), timeoutMs);
  }

  /**
   * Press `key` until `done` holds for the screen, at most `max` times, one press at a time (`press`),
   * then wait for `done` (up to `timeoutMs`) in case the last press is still being drawn.
   */
  async pressUntil(key: string, done: (screen: string) => boolean, max: number, timeoutMs = 30_000): Promise<string> {
    let screen = this.screen();
    for (let i = 0; i < max && !done(screen); i++) {
      const before = withoutClocks(screen);
      screen = await this.press(key, (s) => withoutClocks(s) !== before || done(s), timeoutMs);
    }
    return done(screen) ? screen : this.waitFor(done, timeoutMs);
  }

  /** Type text literally (no key-name interpretation). */
  async type(text: string): Promise<void> {
    this.run('send-keys', '-t', this.name, '-l', text);
    await pause(150);
  }

  resize(width: number, height: number): void {
    this.run('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
  }

  /** The program's exit status once it has ended. */
  exitStatus(): number | undefined {
    const m = /\[exited (\d+)\]/.exec(this.screen());
    return m ? Number(m[1]) : undefined;
  }

  /** Poll the screen until `test` passes; the last screen is returned either way. */
  async waitFor(test: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let screen = this.screen();
    while (!test(screen) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      screen = this.screen();
    }
    return screen;
  }

  kill(): void {
    this.run('kill-server');
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A screen with its times of day blanked, so that a clock ticking is not taken for a change. */
const withoutClocks = (screen: string) => screen.replace(/\d\d:\d\d(:\d\d)?/g, '--:--');
