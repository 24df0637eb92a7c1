import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, withFileLock } from './lock.js';

let lockPath: string;
beforeEach(() => {
  lockPath = join(mkdtempSync(join(tmpdir(), 'obs-lock-')), 'x.lock');
});

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const holder = (pid: number, at: number, host = hostname()) => JSON.stringify({ pid, host, at, token: 'other' });

describe('withFileLock', () => {
  it('holds the lock file while the function runs, with pid and time, and removes it after', async () => {
    const seen = await withFileLock(lockPath, async () => JSON.parse(readFileSync(lockPath, 'utf8')));
    expect(seen).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof seen.at).toBe('number');
    expect(existsSync(lockPath)).toBe(false);
  });

  it('releases the lock when the function throws', async () => {
    await expect(withFileLock(lockPath, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockPath)).toBe(false);
  });

  it('breaks a lock whose process is dead', async () => {
    writeFileSync(lockPath, holder(deadPid(), Date.now()));
    expect(await withFileLock(lockPath, async () => 'got it', { timeoutMs: 1000 })).toBe('got it');
  });

  it('breaks a lock older than the stale timeout even if its process lives', async () => {
    writeFileSync(lockPath, holder(process.pid, Date.now() - 60_000, 'another-host'));
    expect(await withFileLock(lockPath, async () => 'got it', { staleMs: 30_000, timeoutMs: 1000 })).toBe('got it');
  });

  it('breaks an empty lock left by a crash between create and write, once it is old', async () => {
    writeFileSync(lockPath, '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(lockPath, old, old);
    expect(await withFileLock(lockPath, async () => 'got it', { timeoutMs: 1000 })).toBe('got it');
  });

  it('waits for a live lock and gives up with the holder named', async () => {
    writeFileSync(lockPath, holder(process.pid, Date.now(), 'another-host'));
    const err = await withFileLock(lockPath, async () => 'never', { timeoutMs: 50 }).catch((e) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(err.message).toContain(`pid ${process.pid} on another-host`);
    expect(existsSync(lockPath)).toBe(true);
  });

  it('serialises holders in one process', async () => {
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lockPath, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 1));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
  });
});
