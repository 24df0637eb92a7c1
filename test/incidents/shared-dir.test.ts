/**
 * One incident log for a team: two Unix users on one bastion append to the same incident in a
 * shared (group-writable, setgid) directory at the same time. Needs root to create the users
 * (as in CI); skipped otherwise.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/incidents/store.js';
import { compileForChild } from './compile.js';

const CHILD = join(import.meta.dirname, 'append-child.mjs');
const isRoot = process.getuid?.() === 0;
const GROUP = 'obs-oncall-test';
const USERS = ['obs-alice-test', 'obs-bob-test'];

/** Accounts this run created, removed again when it ends so the machine is left as found. */
const created: { users: string[]; group: boolean } = { users: [], group: false };

/** Create the group and users once (idempotent), and return their ids. */
function ensureAccounts(): { gid: number; uids: number[] } {
  const exists = (db: string, name: string) => {
    try {
      execFileSync('getent', [db, name], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!exists('group', GROUP)) {
    execFileSync('groupadd', [GROUP]);
    created.group = true;
  }
  for (const user of USERS) {
    if (exists('passwd', user)) continue;
    execFileSync('useradd', ['--no-create-home', '--gid', GROUP, '--shell', '/usr/sbin/nologin', user]);
    created.users.push(user);
  }
  const id = (flag: string, name: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { gid: id('-g', USERS[0]), uids: USERS.map((u) => id('-u', u)) };
}

let storeModule: string;

describe.skipIf(!isRoot)('a shared incident directory on a bastion', () => {
  beforeAll(() => {
    storeModule = compileForChild('src/incidents/store.ts');
    // The compiled store lives in a 0700 temporary directory: let the other users read it.
    const root = dirname(dirname(dirname(storeModule)));
    execFileSync('chmod', ['-R', 'a+rX', root]);
  });
  afterAll(() => {
    for (const user of created.users) execFileSync('userdel', [user]);
    if (created.group) execFileSync('groupdel', [GROUP]);
  });

  it('two users appending at once (hundreds of events each) lose nothing, and every event says who and where', async () => {
    const N = 300;
    const { gid, uids } = ensureAccounts();
    const base = mkdtempSync(join(tmpdir(), 'obs-bastion-'));
    chmodSync(base, 0o755);
    const dir = join(base, 'incidents');
    mkdirSync(dir);
    chownSync(dir, 0, gid);
    chmodSync(dir, 0o2770);
    // Opened by root with the usual umask 022: the file must still be one the group can append to.
    const { id } = await new IncidentStore({ dir, author: 'root' }).open({ title: 'shared', severity: 'sev2' });

    const writers = USERS.map((user, i) => {
      const child = spawn(process.execPath, [CHILD, storeModule, dir, id, user, String(N), '2'], { uid: uids[i], gid, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, exited, acks: () => out.split('\n').filter((l) => l.startsWith('ack ')).length, stderr: () => err, ready: () => out.includes('ready') };
    });
    while (!writers.every((w) => w.ready())) await new Promise((r) => setTimeout(r, 20));
    for (const w of writers) w.child.stdin.end('go\n');
    const codes = await Promise.all(writers.map((w) => w.exited));
    codes.forEach((code, i) => expect(code, writers[i].stderr()).toBe(0));
    expect(writers.map((w) => w.acks())).toEqual([N, N]);

    const { events, warnings } = await new IncidentStore({ dir, author: 'root' }).read(id);
    expect(warnings).toEqual([]);
    expect(events).toHaveLength(1 + 2 * N);
    for (const user of USERS) {
      const mine = events.filter((e) => e.author === user);
      expect(mine.map((e) => (e.type === 'note' ? e.text : ''))).toEqual(Array.from({ length: N }, (_, i) => `${user}:${i}`));
      // The origin comes from the process's real account, not from a name it was given.
      expect(new Set(mine.map((e) => e.origin))).toEqual(new Set([`${user}@${hostname()}`]));
    }
    const order = events.slice(1).map((e) => e.author);
    const switches = order.filter((a, i) => i > 0 && a !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(10);
    // Files stay the group's: the log and the current pointer 0660, no lock left behind.
    expect(statSync(join(dir, `${id}.jsonl`)).mode & 0o777).toBe(0o660);
    expect(statSync(join(dir, `${id}.jsonl`)).gid).toBe(gid);
    expect(readdirSync(dir).filter((n) => n.includes('.lock'))).toEqual([]);
    console.log(`shared dir: 2 Unix users (uids ${uids.join(', ')}) x ${N} appends, all ${2 * N} read back, writers alternated ${switches} times`);
  }, 120_000);
});
