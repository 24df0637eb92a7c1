import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from './fingerprint.js';

describe('labelsFingerprint', () => {
  it('matches the values Prometheus computes (prometheus/common model tests)', () => {
    expect(labelsFingerprint({})).toBe('cbf29ce484222325'); // 14695981039346656037
    expect(labelsFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe('507a62d79ee76c9a'); // 5799056148416392346
  });

  it('does not depend on label order and tells different label sets apart', () => {
    const a = labelsFingerprint({ alertname: 'NodeDown', instance: '10.0.0.6:9100', job: 'node' });
    expect(labelsFingerprint({ job: 'node', instance: '10.0.0.6:9100', alertname: 'NodeDown' })).toBe(a);
    expect(labelsFingerprint({ alertname: 'NodeDown', instance: '10.0.0.7:9100', job: 'node' })).not.toBe(a);
    // The separator byte keeps name/value boundaries apart.
    expect(labelsFingerprint({ ab: 'c' })).not.toBe(labelsFingerprint({ a: 'bc' }));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
