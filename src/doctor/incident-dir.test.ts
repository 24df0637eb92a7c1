import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseIncidentDir, probeIncidentDir, type IncidentDirProbe } from './incident-dir.js';

const alice = { uid: 1001, groups: [1001, 2000] };
const shared = (over: Partial<IncidentDirProbe> = {}): IncidentDirProbe => ({
  dir: '/srv/obs/incidents', exists: true, mode: 0o2770, uid: 0, gid: 2000, group: 'oncall', me: alice, files: [], ...over,
});
const summary = (p: IncidentDirProbe) => diagnoseIncidentDir(p).map((f) => `${f.status}: ${f.message}${f.fix ? ` | fix: ${f.fix}` : ''}`);

describe('obs doctor on the incident directory', () => {
  it('passes a setgid directory the group can write, with every file the group\'s', () => {
    const files = [{ name: 'inc-20261123-a7f.jsonl', mode: 0o660, uid: 1002, gid: 2000 }];
    expect(summary(shared({ files }))).toEqual(['ok: /srv/obs/incidents is shared with group oncall (2770); 1 file, all writable by the group']);
  });

  it('explains a shared directory without setgid, and files the group cannot append to', () => {
    const files = [{ name: 'inc-20261123-a7f.jsonl', mode: 0o644, uid: 1002, gid: 1002 }];
    expect(summary(shared({ mode: 0o770, files }))).toEqual([
      "warn: /srv/obs/incidents is group-writable but not setgid (0770): new files get their creator's own group, and others cannot append to them | fix: sudo chmod g+s /srv/obs/incidents",
      'fail: 1 file in /srv/obs/incidents the group oncall cannot append to: inc-20261123-a7f.jsonl (0644, gid 1002) | fix: sudo chgrp oncall /srv/obs/incidents/* && sudo chmod g+rw /srv/obs/incidents/*',
    ]);
  });

  it('fails, saying why, when this user is not in the directory\'s group', () => {
    expect(summary(shared({ me: { uid: 1003, groups: [1003] } }))).toEqual([
      'fail: /srv/obs/incidents (2770, group oncall) is not writable by you: you are not in group oncall | fix: ask an admin to add you to group oncall (sudo usermod -aG oncall $USER), then log in again',
    ]);
  });

  it('says a private directory is private, and a missing one will be created', () => {
    expect(summary(shared({ mode: 0o700, uid: 1001, gid: 1001, group: 'alice' }))).toEqual(['ok: /srv/obs/incidents is private to its owner (0700)']);
    expect(summary(shared({ mode: 0o755, uid: 1001, gid: 1001, group: 'alice' }))).toEqual([
      'warn: /srv/obs/incidents is writable only by its owner, but others can read or list it (0755) | fix: chmod go-rwx /srv/obs/incidents',
    ]);
    expect(diagnoseIncidentDir({ dir: '/x', exists: false, me: alice, files: [] })[0]).toMatchObject({ status: 'info' });
  });

  it('never calls a directory others can write "writable only by its owner", nor one they can only pass through readable', () => {
    expect(summary(shared({ mode: 0o703, uid: 1001, gid: 1001, group: 'alice' }))).toEqual([
      'warn: /srv/obs/incidents is writable by everyone (0703): anyone on the host can write incidents | fix: sudo chmod o-rwx /srv/obs/incidents',
    ]);
    expect(summary(shared({ mode: 0o711, uid: 1001, gid: 1001, group: 'alice' }))).toEqual(['ok: /srv/obs/incidents is private to its owner (0711)']);
  });

  it('probes a real directory: mode, owner and the files obs writes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'obs-doc-')), 'incidents');
    mkdirSync(dir);
    chmodSync(dir, 0o2770);
    writeFileSync(join(dir, 'inc-20261123-a7f.jsonl'), '', { mode: 0o600 });
    writeFileSync(join(dir, 'notes.txt'), '');
    const probe = await probeIncidentDir(dir);
    expect(probe).toMatchObject({ exists: true, mode: 0o2770, files: [{ name: 'inc-20261123-a7f.jsonl', mode: 0o600 }] });
    expect(diagnoseIncidentDir(probe).map((f) => f.status)).toContain('fail');
  });
});
