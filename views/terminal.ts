import { isUtf8 } from '../src/output/terminal.js';

export interface TerminalCaps {
  color: boolean;
  unicode: boolean;
}

/** Colour and glyphs for this terminal: NO_COLOR, TERM=dumb and the locale decide unless flags do. */
export function detectTerminal(env: NodeJS.ProcessEnv, flags: { color?: boolean; ascii?: boolean } = {}): TerminalCaps {
  const dumb = env.TERM === 'dumb';
  return {
    color: flags.color !== false && !env.NO_COLOR && !dumb,
    unicode: !flags.ascii && !dumb && isUtf8(env),
  };
}

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
