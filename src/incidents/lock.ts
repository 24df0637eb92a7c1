import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A lock file created with O_EXCL. It holds {pid, host, at, token}. A lock is stale, and broken,
 * when its process is gone (same host), when it is older than `staleMs` (any host: a shared volume),
 * or when it is still empty well after creation (its creator died between create and write).
 */
export interface LockOptions {
  /** A lock older than this is broken even if its process looks alive. Holding takes milliseconds. */
  staleMs: number;
  /** Give up waiting after this long. Longer than staleMs, so a dead holder on another host is outlived. */
  timeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** The lock file's mode: other users sharing the directory must be able to read who holds it. */
  mode: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { staleMs: 30_000, timeoutMs: 45_000, retryMinMs: 2, retryMaxMs: 50, mode: 0o644 };

/** How long an empty lock file may exist before it counts as left by a crash. */
const EMPTY_GRACE_MS = 2_000;

export class LockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: string,
  ) {
    super(`timed out waiting for the lock ${lockPath} (held by ${holder})`);
    this.name = 'LockTimeoutError';
  }
}

interface LockContent {
  raw: string;
  pid?: number;
  host?: string;
  at?: number;
  mtimeMs: number;
}

const HOST = hostname();

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: Partial<LockOptions> = {}): Promise<T> {
  const opts = { ...DEFAULT_LOCK_OPTIONS, ...options };
  const token = await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, opts: LockOptions): Promise<string> {
  const token = randomBytes(8).toString('hex');
  const body = JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token });
  const deadline = Date.now() + opts.timeoutMs;
  let wait = opts.retryMinMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', opts.mode);
      try {
        await handle.chmod(opts.mode);
        await handle.writeFile(body);
      } finally {
        await handle.close();
      }
      return token;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = await readLock(lockPath);
    if (!held) continue; // released between our attempt and the read
    if (isStale(held, opts.staleMs)) {
      await breakLock(lockPath, held);
      continue;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, describe(held));
    await sleep(wait * (0.5 + Math.random()));
    wait = Math.min(wait * 2, opts.retryMaxMs);
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const held = await readLock(lockPath);
  // If our lock was broken as stale and someone else holds the file now, it is not ours to remove.
  if (held?.raw.includes(`"token":"${token}"`)) await fs.rm(lockPath, { force: true });
}

async function readLock(lockPath: string): Promise<LockContent | undefined> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    const content: LockContent = { raw, mtimeMs: stat.mtimeMs };
    try {
      const v = JSON.parse(raw) as Record<string, unknown>;
      if (typeof v.pid === 'number') content.pid = v.pid;
      if (typeof v.host === 'string') content.host = v.host;
      if (typeof v.at === 'number') content.at = v.at;
    } catch {
      // Empty or partial: judged by its age below.
    }
    return content;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isStale(lock: LockContent, staleMs: number): boolean {
  const now = Date.now();
  if (lock.pid === undefined || lock.at === undefined) return now - lock.mtimeMs > EMPTY_GRACE_MS;
  if (now - lock.at > staleMs) return true;
  return lock.host === HOST && !processAlive(lock.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Move the stale lock aside with rename (atomic: only one breaker wins), then check that what we
 * moved is the lock we judged stale. If a live lock replaced it in between, put that one back.
 */
async function breakLock(lockPath: string, stale: LockContent): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const moved = await fs.readFile(aside, 'utf8');
    if (moved !== stale.raw) await fs.link(aside, lockPath).catch(() => undefined);
  } finally {
    await fs.rm(aside, { force: true });
  }
}

function describe(lock: LockContent): string {
  if (lock.pid === undefined) return 'an unknown process';
  return `pid ${lock.pid} on ${lock.host ?? 'an unknown host'} since ${new Date(lock.at ?? lock.mtimeMs).toISOString()}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
