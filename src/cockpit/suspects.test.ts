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
  });

  it('says what is true when every group is held back, and still ranks the first one', () => {
    const groups = analyzeAlerts([
      makeAlert('PaymentsErrorsHigh', { service: 'payments', severity: 'critical' }, 20, { silenced: true }),
      makeAlert('CartDown', { service: 'cart', severity: 'critical' }, 30, { silenced: true }),
      makeAlert('AuthSlow', { service: 'auth', severity: 'warning' }, 40, { silenced: true }),
    ]);
    expect(groups).toHaveLength(3);
    expect(suspectsOf(groups)).toMatchObject({ heldBack: 'all 3 alert groups are silenced', incident: groups[0]!.title, suspects: [{ name: groups[0]!.rootCause[0]!.service }] });

    const inhibited = makeAlert('CartDown', { service: 'cart', severity: 'critical' }, 30, { inhibited: true, inhibitedBy: ['x'] });
    expect(suspectsOf(analyzeAlerts([makeAlert('PaymentsErrorsHigh', { service: 'payments' }, 20, { silenced: true }), inhibited])).heldBack).toBe('all 2 alert groups are silenced or inhibited');
    expect(suspectsOf(analyzeAlerts([inhibited])).heldBack).toBe('the only alert group is inhibited');
  });

  it('is empty without alerts', () => {
    expect(suspectsOf([])).toEqual({ suspects: [] });
  });
});
