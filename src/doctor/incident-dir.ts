/**
 * `obs doctor` on the incident directory: is it one this user can write, and if a team shares it
 * on a bastion (group-writable), will every member be able to append to every file in it?
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './diagnose.js';

export interface IncidentDirProbe {
  dir: string;
  exists: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
  /** The group's name, when the system knows it. */
  group?: string;
  /** This process's user and every group it is in. */
  me: { uid: number; groups: number[] };
  /** The files in it that obs writes (logs, current, locks). */
  files: { name: string; mode: number; uid: number; gid: number }[];
}

export async function probeIncidentDir(dir: string): Promise<IncidentDirProbe> {
  const me = { uid: process.getuid?.() ?? -1, groups: [...new Set([process.getgid?.() ?? -1, ...(process.getgroups?.() ?? [])])] };
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch {
    return { dir, exists: false, me, files: [] };
  }
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl') || n === 'current');
  const files = (
    await Promise.all(names.map(async (name) => fs.stat(join(dir, name)).then((f) => ({ name, mode: f.mode & 0o7777, uid: f.uid, gid: f.gid }), () => undefined)))
  ).filter((f) => f !== undefined);
  return { dir, exists: true, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, group: await groupName(stat.gid), me, files };
}

/** The group's name from /etc/group; undefined when it is not listed there (LDAP, a bare gid). */
async function groupName(gid: number): Promise<string | undefined> {
  const text = await fs.readFile('/etc/group', 'utf8').catch(() => '');
  return text.split('\n').map((l) => l.split(':')).find((f) => Number(f[2]) === gid)?.[0];
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

export function diagnoseIncidentDir(p: IncidentDirProbe): Finding[] {
  const subject = 'incidents';
  const at = (status: Finding['status'], message: string, fix?: string): Finding => ({ subject, check: 'permissions', status, message, ...(fix ? { fix } : {}) });
  if (!p.exists) return [at('info', `${p.dir} does not exist yet; it is created (private to you) with the first incident`, 'to share it with your team, create it first as below under "shared"')];
  const mode = p.mode!;
  const group = p.group ?? String(p.gid);
  const owner = p.uid === p.me.uid;
  const inGroup = p.me.groups.includes(p.gid!);
  const canWrite = p.me.uid === 0 || (owner ? mode & 0o200 : inGroup ? mode & 0o020 : mode & 0o002);
  const share = `sudo chgrp ${group} ${p.dir} && sudo chmod 2770 ${p.dir}`;
  if (!canWrite) return [at('fail', `${p.dir} (${octal(mode)}, group ${group}) is not writable by you${!owner && !inGroup ? `: you are not in group ${group}` : ''}`, inGroup ? share : `ask an admin to add you to group ${group} (sudo usermod -aG ${group} $USER), then log in again`)];
  const findings: Finding[] = [];
  if (mode & 0o002) findings.push(at('warn', `${p.dir} is writable by everyone (${octal(mode)}): anyone on the host can write incidents`, `sudo chmod o-rwx ${p.dir}`));
  if (!(mode & 0o020)) {
    // Writable by everyone was said above; reading (listing) is what else makes it not private.
    if (mode & 0o002) return findings;
    if (mode & 0o044) findings.push(at('warn', `${p.dir} is writable only by its owner, but others can read or list it (${octal(mode)})`, `chmod go-rwx ${p.dir}`));
    else findings.push(at('ok', `${p.dir} is private to its owner (${octal(mode)})`));
    return findings;
  }
  // Shared by a group.
  if (!(mode & 0o2000)) findings.push(at('warn', `${p.dir} is group-writable but not setgid (${octal(mode)}): new files get their creator's own group, and others cannot append to them`, `sudo chmod g+s ${p.dir}`));
  const stray = p.files.filter((f) => f.gid !== p.gid || (f.mode & 0o060) !== 0o060);
  if (stray.length)
    findings.push(at('fail', `${stray.length} file${stray.length === 1 ? '' : 's'} in ${p.dir} the group ${group} cannot append to: ${stray.slice(0, 5).map((f) => `${f.name} (${octal(f.mode)}, gid ${f.gid})`).join(', ')}${stray.length > 5 ? ', …' : ''}`, `sudo chgrp ${group} ${p.dir}/* && sudo chmod g+rw ${p.dir}/*`));
  if (findings.every((f) => f.status === 'ok' || f.status === 'info'))
    findings.push(at('ok', `${p.dir} is shared with group ${group} (${octal(mode)}); ${p.files.length} file${p.files.length === 1 ? '' : 's'}, all writable by the group`));
  return findings;
}
