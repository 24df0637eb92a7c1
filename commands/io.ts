/** The streams and environment a command runs with, injected so every command is testable. */
export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  now: () => number;
}

export function processIO(): IO {
  // `obs ... | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Opening stdin costs a few ms; most commands never read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: Date.now,
  };
}

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, backend: 3, internal: 70, interrupted: 130 } as const;

/** Thrown by a command whose check ran and failed (SLO breached, gate failed): exit 1. */
export class CheckFailed extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** Thrown to end a command with a given exit code after it printed what it had to say. */
export class ExitWith extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
    this.name = 'ExitWith';
  }
}

/** Write and wait while the reader is behind, so a slow pipe does not fill memory. */
export function writeChunk(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
