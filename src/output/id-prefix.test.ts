import { describe, expect, it } from 'vitest';
import { resolveIdPrefix, uniquePrefixes } from './id-prefix.js';

const ids = ['5b2c8e4a-1111-4c1e-9a1b-0d6f0c1e2a3b', '5b2c8e4a-2222-4c1e-9a1b-0d6f0c1e2a3b', 'c0ffee00-3333-4c1e-9a1b-0d6f0c1e2a3b'];

describe('uniquePrefixes', () => {
  it('shows 8 characters unless another ID shares them, then as many as tell them apart', () => {
    const p = uniquePrefixes(ids);
    expect(p.get(ids[0])).toBe('5b2c8e4a-1');
    expect(p.get(ids[1])).toBe('5b2c8e4a-2');
    expect(p.get(ids[2])).toBe('c0ffee00');
  });

  it('keeps an ID shorter than the minimum whole', () => {
    expect(uniquePrefixes(['abc']).get('abc')).toBe('abc');
  });
});

describe('resolveIdPrefix', () => {
  it('accepts the whole ID or any unique prefix, as git does', () => {
    expect(resolveIdPrefix(ids[2], ids)).toEqual({ id: ids[2] });
    expect(resolveIdPrefix('c0ffee00', ids)).toEqual({ id: ids[2] });
    expect(resolveIdPrefix('5B2C8E4A-2', ids)).toEqual({ id: ids[1] });
  });

  it('says when a prefix is ambiguous or matches nothing', () => {
    expect(resolveIdPrefix('5b2c', ids)).toEqual({ error: 'ambiguous', candidates: [ids[0], ids[1]] });
    expect(resolveIdPrefix('deadbeef', ids)).toEqual({ error: 'not-found', candidates: [] });
    expect(resolveIdPrefix('', ids)).toEqual({ error: 'not-found', candidates: [] });
  });
});
