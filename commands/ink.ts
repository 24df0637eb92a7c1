import type { ReactElement } from 'react';
import { detectTerminal, type TerminalCaps } from '../views/terminal.js';
import type { Theme } from '../views/theme.js';
import type { Session } from './session.js';

export interface InkScreen {
  theme: Theme;
  caps: TerminalCaps;
  /** Draw `element` until the app exits; with `fullScreen`, on the terminal's alternate screen. */
  run(element: ReactElement, options?: { fullScreen?: boolean }): Promise<void>;
}

/**
 * Prepare Ink for this session's terminal. Colour must be decided before Ink (and chalk under it)
 * is first loaded, so Ink, React and the theme are imported here, lazily: commands that print
 * tables never load them.
 */
export async function inkScreen(s: Session, flags: { ascii?: boolean } = {}): Promise<InkScreen & { React: typeof import('react') }> {
  const caps = detectTerminal(s.io.env, { color: s.opts.color, ascii: flags.ascii });
  if (!caps.color) process.env.FORCE_COLOR = '0';
  const [{ render }, React, { makeTheme }] = await Promise.all([importInkInteractive(), import('react'), import('../views/theme.js')]);
  const terminal = s.io.stdout as NodeJS.WriteStream;
  const [{ toAscii }] = await Promise.all([import('../views/glyphs.js')]);
  // Without UTF-8, everything Ink writes (its own "…" of cut text included) goes through toAscii.
  const stdout = caps.unicode ? terminal : asciiStream(terminal, toAscii);
  return {
    React,
    caps,
    theme: makeTheme(caps),
    async run(element, options = {}) {
      const altScreen = options.fullScreen === true && s.io.env.TERM !== 'dumb';
      if (altScreen) terminal.write('\x1b[?1049h\x1b[H');
      // Full redraws: Ink's incremental rendering leaves stale lines in tmux.
      const app = render(element, { stdout, stdin: s.io.stdin as NodeJS.ReadStream, exitOnCtrlC: true, patchConsole: true, maxFps: 10 });
      try {
        await app.waitUntilExit();
      } finally {
        app.cleanup();
        if (altScreen) terminal.write('\x1b[?1049l');
      }
    },
  };
}

/**
 * Ink draws nothing but its last frame when CI or CONTINUOUS_INTEGRATION is set, deciding so when
 * it is first loaded. A terminal someone is looking at is not CI, whatever the environment says.
 */
async function importInkInteractive(): Promise<typeof import('ink')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await import('ink');
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

/** The terminal stream, with text written through `map`; size, events and the rest are the terminal's. */
function asciiStream(terminal: NodeJS.WriteStream, map: (text: string) => string): NodeJS.WriteStream {
  const stream = Object.create(terminal) as NodeJS.WriteStream;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    (terminal.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? map(chunk) : chunk, ...rest)) as NodeJS.WriteStream['write'];
  return stream;
}
