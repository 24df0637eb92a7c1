import { describe, expect, it } from 'vitest';
import type { ServiceHealth } from './model.js';
import { serviceOverview } from './overview.js';

const health = (service: string): ServiceHealth => ({ service, rps: 1, errorRatio: 0, signals: ['requests'] }) as ServiceHealth;

describe('serviceOverview', () => {
  it('counts each service\'s firing alerts and adds a row for a service only alerts name', () => {
    const rows = serviceOverview({ health: [health('api'), health('db')], firingAlerts: { db: 2, batch: 1 } });
    expect(Object.fromEntries(rows.map((r) => [r.service, r.firingAlerts]))).toEqual({ api: 0, db: 2, batch: 1 });
    expect(rows.find((r) => r.service === 'db')!.signals).toContain('alerts');
  });

  it('leaves the alert count unknown, not zero, when the alerts could not be read', () => {
    const rows = serviceOverview({ health: [health('api')] });
    expect(rows[0]!.firingAlerts).toBeUndefined();
    expect(rows[0]!.signals).not.toContain('alerts');
  });
});
