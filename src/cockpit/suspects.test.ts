import { describe, expect, it } from 'vitest';
import { analyzeAlerts } from '../alerts/report.js';
import { makeAlert } from '../alerts/testdata/make-alert.js';
import { suspectsOf } from './suspects.js';

describe('suspectsOf', () => {
  it('takes the most severe incident\'s first three candidates, with the level and reasons of each', () => {
    const groups = analyzeAlerts([
      makeAlert('CertificateExpiringSoon', { service: 'auth', severity: 'info' }, 0),
      makeAlert('KubeNodeMemoryPressure', { node: 'node-2', severity: 'critical' }, 0),
      makeAlert('KubePodRestarting', { pod: 'payments-0', node: 'node-2' }, 1),
      makeAlert('KubePodRestarting', { pod: 'cart-1', node: 'node-2' }, 1),
      makeAlert('KubePodRestarting', { pod: 'checkout-2', node: 'node-2' }, 1),
      makeAlert('HighErrorRate', { service: 'frontend' }, 20),
    ]);
    const panel = suspectsOf(groups);
    expect(panel.incident).toBe('node-2, behind KubeNodeMemoryPressure and 3 more alerts on 3 services');
    expect(panel.suspects).toHaveLength(3);
    expect(panel.suspects[0]).toMatchObject({ name: 'node-2', level: 'host' });
    expect(panel.suspects[0]!.reasons[0]).toMatch(/^3 services on it deviate together: /);
  });

  it('passes over a group whose alerts are all silenced or inhibited, however severe', () => {
    const groups = analyzeAlerts([
      makeAlert('HighErrorRate', { service: 'frontend', severity: 'warning' }, 0),
      makeAlert('PaymentsErrorsHigh', { service: 'payments', severity: 'critical' }, 20, { silenced: true }),
      makeAlert('CartDown', { service: 'cart', severity: 'critical' }, 30, { inhibited: true, inhibitedBy: ['x'] }),
    ]);
    expect(groups[0]!.title).toContain('CartDown');
    expect(suspectsOf(groups)).toMatchObject({ incident: expect.stringContaining('HighErrorRate'), suspects: [{ name: 'frontend' }] });
    expect(suspectsOf(groups.slice(0, 2))).toEqual({ suspects: [] });
  });

  it('is empty without alerts', () => {
    expect(suspectsOf([])).toEqual({ suspects: [] });
  });
});
