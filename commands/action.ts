import type { Command } from 'commander';
import { loadRenderer } from '../src/output/format.js';
import type { IO } from './io.js';
import { Session } from './session.js';

/**
 * Wrap a command implementation: give it a Session, and always close what the session opened
 * (HTTP pools, the demo world) whatever happens.
 */
export function action<A extends unknown[]>(io: IO, run: (session: Session, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const session = new Session(io, command);
    try {
      await loadRenderer(session.requestedFormat());
      await run(session, ...(args.slice(0, -1) as A));
    } finally {
      await session.close();
    }
  };
}

/** Options shared by every command that reads a time range. */
export function timeOptions(cmd: Command, defaultSince = '1h'): Command {
  return cmd
    .option('--since <duration>', `how far back to look (default ${defaultSince})`)
    .option('--from <time>', 'start of the range: RFC3339, unix seconds or now-2h')
    .option('--to <time>', 'end of the range (default now)');
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
