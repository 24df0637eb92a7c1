import { describe, expect, it } from 'vitest';
import { valueAt } from './business.js';

describe('valueAt', () => {
  const result = { xValues: ['2026-11-23T10:00:00', '2026-11-23T11:00:00', '2026-11-23 12:00'], series: [{ label: 'checkout_completed', values: [5, 7, null] }] };
  it('finds the bucket that starts at a given hour, in either spelling', () => {
    expect(valueAt(result, Date.parse('2026-11-23T11:00:00Z'))).toBe(7);
    expect(valueAt(result, Date.parse('2026-11-23T12:00:00Z'))).toBeUndefined();
    expect(valueAt(result, Date.parse('2026-11-23T13:00:00Z'))).toBeUndefined();
  });
});
