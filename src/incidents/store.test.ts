import { mkdtempSync, readFileSync, appendFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentStore, IncidentStoreError } from './store.js';

let dir: string;
let clock: number;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const store = (author = 'alice') => new IncidentStore({ dir, author, origin: `${author}@bastion-1`, now: () => clock });

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'obs-inc-')), 'incidents');
  clock = T0;
});

describe('IncidentStore', () => {
  it('opens an incident, remembers it as current, and appends to it without an id', async () => {
    const s = store();
    const opened = await s.open({ title: 'Payments slow', severity: 'sev2', services: ['payments-db'] });
    expect(opened.id).toMatch(/^inc-20261123-[2-9a-hjkmnp-z]{3}$/);
    expect(await s.current()).toBe(opened.id);
    clock += 60_000;
    await store('bob').append(undefined, { type: 'acknowledged' });
    await s.append(undefined, { type: 'note', text: 'looking at the db' });
    const { state, warnings, events } = await s.read();
    expect(warnings).toEqual([]);
    expect(events.map((e) => [e.type, e.author])).toEqual([
      ['opened', 'alice'],
      ['acknowledged', 'bob'],
      ['note', 'alice'],
    ]);
    expect(state).toMatchObject({ title: 'Payments slow', acknowledgedBy: 'bob', acknowledgedAt: T0 + 60_000 });
  });

  it('writes one JSON line per event, type first', async () => {
    const s = store();
    const { id } = await s.open({ title: 't', severity: 'sev4' });
    await s.append(id, { type: 'status', status: 'identified' });
    const lines = readFileSync(join(dir, `${id}.jsonl`), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toMatch(/^\{"type":"status","at":"2026-11-23T10:00:00.000Z","author":"alice","id":"[0-9a-f]{12}","origin":"alice@bastion-1","status":"identified"\}$/);
  });

  it('records who and where on every event, and gives each event its own id', async () => {
    const { id } = await store('alice').open({ title: 't', severity: 'sev4' });
    await store('bob').append(id, { type: 'acknowledged' });
    const { events, state } = await store().read(id);
    expect(events.map((e) => e.origin)).toEqual(['alice@bastion-1', 'bob@bastion-1']);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(state.timeline.map((e) => e.origin)).toEqual(['alice@bastion-1', 'bob@bastion-1']);
  });

  it('keeps a private directory private, and makes files a shared (group-writable) directory\'s group can append to', async () => {
    const s = store();
    const { mkdirSync, chmodSync, statSync } = await import('node:fs');
    const { id } = await s.open({ title: 'private', severity: 'sev4' });
    expect(statSync(join(dir, `${id}.jsonl`)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o2770);
    const team = new IncidentStore({ dir: shared, author: 'alice', now: () => clock });
    const opened = await team.open({ title: 'shared', severity: 'sev4' });
    // Whatever the umask, the group can append, and others cannot read.
    expect(statSync(join(shared, `${opened.id}.jsonl`)).mode & 0o777).toBe(0o660);
    expect(statSync(join(shared, 'current')).mode & 0o777).toBe(0o660);
  });

  it('creates the directories it needs (state/incidents) private to their owner', async () => {
    const { statSync } = await import('node:fs');
    const state = join(mkdtempSync(join(tmpdir(), 'obs-home-')), 'state');
    await new IncidentStore({ dir: join(state, 'incidents'), author: 'alice', now: () => clock }).setCurrent('inc-20261123-a7f');
    expect([statSync(state).mode & 0o777, statSync(join(state, 'incidents')).mode & 0o777]).toEqual([0o700, 0o700]);
  });

  it('skips a torn last line with a warning, and starts the next append on a fresh line', async () => {
    const s = store();
    const { id } = await s.open({ title: 't', severity: 'sev3' });
    const file = join(dir, `${id}.jsonl`);
    appendFileSync(file, '{"type":"note","at":"2026-11-23T10:00:00.000Z","auth');
    const torn = await s.read(id);
    expect(torn.events).toHaveLength(1);
    expect(torn.warnings).toMatchObject([{ kind: 'torn', line: 2 }]);

    await s.append(id, { type: 'note', text: 'after the crash' });
    const after = await s.read(id);
    expect(after.events.map((e) => e.type)).toEqual(['opened', 'note']);
    expect(after.warnings).toMatchObject([{ kind: 'corrupt', line: 2 }]);
    expect(readFileSync(file, 'utf8').split('\n')[2]).toMatch(/^\{"type":"note".*"after the crash"\}$/);
  });

  it('resolves an incident by its suffix and reports unknown or ambiguous references', async () => {
    const s = store();
    const { id } = await s.open({ title: 't', severity: 'sev3' });
    expect(await s.resolve(id.slice(-3))).toBe(id);
    await expect(s.read('zzzzz')).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.append('inc-20990101-zzz', { type: 'acknowledged' })).rejects.toBeInstanceOf(IncidentStoreError);
    expect(existsSync(join(dir, 'inc-20990101-zzz.jsonl'))).toBe(false);
  });

  it('refuses invalid events before writing them', async () => {
    const s = store();
    const { id } = await s.open({ title: 't', severity: 'sev3' });
    await expect(s.append(id, { type: 'status', status: 'done' as never })).rejects.toMatchObject({ code: 'invalid' });
    await expect(s.append(id, { type: 'note', text: '  ' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(s.open({ title: 't', severity: 'sev9' as never })).rejects.toMatchObject({ code: 'invalid' });
    expect((await s.read(id)).events).toHaveLength(1);
  });

  it('says there is no current incident in an empty directory', async () => {
    await expect(store().append(undefined, { type: 'acknowledged' })).rejects.toMatchObject({ code: 'no-current' });
    expect((await store().list()).incidents).toEqual([]);
  });

  it('lists open incidents first, then the most recently opened', async () => {
    const s = store();
    const a = await s.open({ title: 'a', severity: 'sev3' });
    clock += 1000;
    const b = await s.open({ title: 'b', severity: 'sev3' });
    clock += 1000;
    const c = await s.open({ title: 'c', severity: 'sev3' });
    await s.append(c.id, { type: 'status', status: 'resolved' });
    clock += 1000;
    const d = await s.open({ title: 'd', severity: 'sev3' });
    await s.append(d.id, { type: 'status', status: 'resolved' });
    const { incidents } = await s.list();
    expect(incidents.map((i) => i.title)).toEqual(['b', 'a', 'd', 'c']);
    expect(incidents.map((i) => i.id)).toContain(a.id);
    expect(incidents.map((i) => i.id)).toContain(b.id);
    expect(await s.current()).toBe(d.id);
  });

  it('computes stats over what is stored', async () => {
    const s = store();
    await s.open({ title: 'a', severity: 'sev2' });
    clock += 5 * 60_000;
    await s.append(undefined, { type: 'acknowledged' });
    const stats = await s.stats({ start: T0 - 1, end: T0 + 1 });
    expect(stats.count).toBe(1);
    expect(stats.mtta.meanMs).toBe(5 * 60_000);
    expect(stats.warnings).toEqual([]);
  });

  it('loses nothing when many appends from one process race for the lock', async () => {
    const s = store();
    const { id } = await s.open({ title: 't', severity: 'sev3' });
    await Promise.all(Array.from({ length: 60 }, (_, i) => s.append(id, { type: 'note', text: `n${i}` })));
    const { events, warnings } = await s.read(id);
    expect(warnings).toEqual([]);
    expect(new Set(events.flatMap((e) => (e.type === 'note' ? [e.text] : []))).size).toBe(60);
    expect(readdirSync(dir).filter((n) => n.includes('lock'))).toEqual([]);
  });
});
