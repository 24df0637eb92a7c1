import { describe, expect, it } from 'vitest';
import { isIncidentId, newIncidentId, resolveIncidentRef } from './ids.js';

const at = Date.parse('2026-11-23T22:30:00Z');

describe('incident ids', () => {
  it('are the UTC day and a short suffix without look-alike characters', () => {
    let i = 0;
    const seq = [0, 5, 30];
    const id = newIncidentId(at, () => seq[i++]);
    expect(id).toBe('inc-20261123-27z');
    expect(isIncidentId(id)).toBe(true);
  });

  it('never contain 0, 1, i, l or o, across many draws', () => {
    for (let n = 0; n < 200; n++) {
      const id = newIncidentId(at, (k) => Math.floor(Math.random() * k));
      expect(id).toMatch(/^inc-20261123-[2-9a-hjkmnp-z]{3}$/);
      expect(isIncidentId(id)).toBe(true);
    }
  });

  it('can grow the suffix', () => {
    expect(newIncidentId(at, () => 1, 5)).toBe('inc-20261123-33333');
  });

  it('rejects things that are not ids (so stray files are not read as incidents)', () => {
    for (const s of ['inc-2026-a7f', 'inc-20261123-a7', 'inc-20261123-a0f', 'current', '../inc-20261123-a7f']) expect(isIncidentId(s)).toBe(false);
  });

  it('resolve from a full id, a suffix, or date and suffix', () => {
    const ids = ['inc-20261123-a7f', 'inc-20261124-b7f', 'inc-20261124-xyz'];
    expect(resolveIncidentRef('inc-20261123-a7f', ids)).toEqual({ id: 'inc-20261123-a7f' });
    expect(resolveIncidentRef('A7F', ids)).toEqual({ id: 'inc-20261123-a7f' });
    expect(resolveIncidentRef('20261124-b7f', ids)).toEqual({ id: 'inc-20261124-b7f' });
    expect(resolveIncidentRef('7f', ids)).toEqual({ error: 'not-found', candidates: [] });
    expect(resolveIncidentRef('nope', ids)).toEqual({ error: 'not-found', candidates: [] });
    expect(resolveIncidentRef('a7f', [...ids, 'inc-20261125-a7f'])).toEqual({
      error: 'ambiguous',
      candidates: ['inc-20261123-a7f', 'inc-20261125-a7f'],
    });
  });
});
