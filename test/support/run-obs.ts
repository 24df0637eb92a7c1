import { PassThrough } from 'node:stream';
import { main } from '../../commands/main.js';

export interface ObsRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run obs in-process with captured streams; `tty` makes stdout look like a terminal. */
export async function runObs(args: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; now?: number; stdin?: string; columns?: number } = {}): Promise<ObsRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: options.columns ?? 120 });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const code = await main(args, {
    stdout,
    stderr,
    stdin,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    now: () => options.now ?? Date.now(),
  }, '0.0.0-test');
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
