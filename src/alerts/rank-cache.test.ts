import { describe, expect, it } from 'vitest';
import { correlateAlerts } from './correlate.js';
import { emptyPlacement } from './placement.js';
import { componentsOf, rankRootCauses } from './rank.js';
import { makeAlert } from './testdata/make-alert.js';

// A live storm is ranked twice from one cached weighing; what one ranking does to its copy must not reach the next.
describe('componentsOf', () => {
  it('hands out copies that share no array or set with the cache', () => {
    const [group] = correlateAlerts(
      [
        makeAlert('MemoryRssLow', { service: 'payments', instance: 'p-1', node: 'n1' }, 0),
        makeAlert('HighErrorRate', { service: 'checkout', instance: 'c-1', node: 'n1' }, 1),
      ],
      { joinLabels: ['service', 'instance', 'node'] },
    );
    const placement = emptyPlacement();
    const ranked = rankRootCauses(group!, { placement });
    const first = componentsOf(group!, placement);
    const alerts = new Map([...first].map(([key, n]) => [key, n.alerts.length]));
    for (const n of first.values()) {
      n.alerts.push(n.alerts[0]!);
      n.reasons.push('changed');
      n.services.add('intruder');
      n.belowResources.add('intruder');
    }

    const second = componentsOf(group!, placement);
    expect(second.size).toBe(first.size);
    for (const [key, n] of second) {
      expect(n.alerts).toHaveLength(alerts.get(key)!);
      expect(n.reasons).not.toContain('changed');
      expect(n.services.has('intruder')).toBe(false);
      expect(n.belowResources.has('intruder')).toBe(false);
    }
    expect(rankRootCauses(group!, { placement })).toEqual(ranked);
  });
});
