import { describe, expect, it } from 'vitest';
import { TailPatterns } from './tail-model.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const served = (i: number) => ({ line: `GET /cart 200 took ${i}ms`, time: T0 - 30_000 + i, level: 'info' as const });

describe('TailPatterns', () => {
  it('counts lines per pattern; the backfill is what is normal and never new', () => {
    const model = new TailPatterns(T0);
    expect(model.add([served(1), served(2), served(3)], T0)).toEqual([]);
    const [row] = model.rows(T0);
    expect(row).toMatchObject({ template: 'GET /cart <*> took <*>', count: 3, lastMinute: 3, lastSeen: T0 - 30_000 + 3, level: 'info', sample: 'GET /cart 200 took 1ms' });
    expect(row!.newSince).toBeUndefined();
  });

  it('marks a pattern that appears after the start as new, on top, for a while', () => {
    const model = new TailPatterns(T0, 60_000);
    model.add([served(1), served(2)], T0);
    const created = model.add([{ line: 'ERROR payment declined order=o-17', time: T0 + 5_000, level: 'error' }], T0 + 5_000);
    expect(created).toHaveLength(1);
    model.add([served(3), served(4), served(5)], T0 + 6_000);
    const rows = model.rows(T0 + 10_000);
    expect(rows.map((r) => [r.template, r.newSince])).toEqual([
      ['ERROR payment declined order=<*>', T0 + 5_000],
      ['GET /cart <*> took <*>', undefined],
    ]);
    expect(rows[0]!.id).toBe(created[0]);
    expect(model.rows(T0 + 70_000)[0]!.newSince).toBeUndefined();
  });

  it('does not call a variant of a known pattern new once it joins it', () => {
    const model = new TailPatterns(T0);
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    model.add(users.slice(0, 4).map((u, i) => ({ line: `session opened for user ${u}`, time: T0 - 1000 + i })), T0);
    // the fifth user turns "user X" into "user <*>": the patterns merge into the oldest one
    model.add([{ line: `session opened for user ${users[4]}`, time: T0 + 1000 }], T0 + 1000);
    const rows = model.rows(T0 + 2000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: 'session opened for user <*>', count: 5, lastMinute: 5 });
    expect(rows[0]!.newSince).toBeUndefined();
  });

  it('counts only lines written in the last minute as recent', () => {
    const model = new TailPatterns(T0);
    model.add([served(1), served(2)], T0);
    expect(model.rows(T0 + 45_000)[0]!.lastMinute).toBe(0);
    expect(model.lines).toBe(2);
  });
});
