import { describe, expect, it } from 'vitest';
import { componentsOf } from './components.js';
import { correlateAlerts } from './correlate.js';
import { emptyPlacement } from './placement.js';
import { rankRootCauses } from './rank.js';
import { makeAlert } from './testdata/make-alert.js';

// A live storm is ranked twice from one cached weighing; what one ranking works out must not reach the next.
describe('rankRootCauses on a cached weighing', () => {
  it('leaves the cached components as they were, so a ranking with evidence does not change the next one', () => {
    const [group] = correlateAlerts(
      [
        makeAlert('MemoryRssLow', { service: 'payments', instance: 'p-1', node: 'n1' }, 0),
        makeAlert('HighErrorRate', { service: 'checkout', instance: 'c-1', node: 'n1' }, 1),
      ],
      { joinLabels: ['service', 'instance', 'node'] },
    );
    const placement = emptyPlacement();
    const ranked = rankRootCauses(group!, { placement });
    const cached = structuredClone([...componentsOf(group!, placement).nodes]);

    const withEvidence = rankRootCauses(group!, { placement, evidence: { newLogPatterns: { payments: 3 }, errorSpanRoots: { checkout: 5 }, sloBurn: { checkout: 20 } } });
    expect(withEvidence.find((c) => c.service === 'checkout')!.reasons).toContain('SLO burning at 20x the sustainable rate');

    expect([...componentsOf(group!, placement).nodes]).toEqual(cached);
    expect(rankRootCauses(group!, { placement })).toEqual(ranked);
  });
});
