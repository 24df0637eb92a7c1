import { describe, expect, it } from 'vitest';
import { Pattern } from '../logql/pattern.js';
import { minePatterns, templateOf } from './patterns.js';

describe('templateOf', () => {
  it.each([
    ['ts=2025-05-14T14:50:31.057Z level=error msg="upstream payments returned 503" route=/checkout duration=1.2s', 'ts=<_> level=error msg="upstream payments returned <_>" route=/checkout duration=<_>'],
    ['2025-05-14 14:50:31.057 UTC [8038] LOG:  duration: 812.113 ms  statement: SELECT 1', '<_> <_> UTC [<_>] LOG:  duration: <_> ms  statement: SELECT <_>'],
    ['{"time":"2025-05-14T14:50:31.057Z","level":"error","msg":"upstream checkout returned 503","status":503}', '{"time":"<_>","level":"error","msg":"upstream checkout returned <_>","status":<_>}'],
    ['1:M 14 May 2025 14:50:31.057 # WARNING: maxmemory reached, evicted 512 keys (used_memory=1.50G maxmemory=1.50G)', '<_> <_> May <_> <_> # WARNING: maxmemory reached, evicted <_> keys (used_memory=<_> maxmemory=<_>)'],
  ])('%s', (line, template) => {
    expect(templateOf(line)).toBe(template);
    expect(new Pattern(template).match(line, true)).toBeDefined();
  });
});

describe('minePatterns', () => {
  it('groups lines by template and level, counts per step, most frequent first', () => {
    const s = 1_000_000;
    const mined = minePatterns(
      [
        { tsUs: 0, line: 'took 5ms', level: 'info' },
        { tsUs: 5 * s, line: 'took 7ms', level: 'info' },
        { tsUs: 12 * s, line: 'took 9ms', level: 'info' },
        { tsUs: 13 * s, line: 'failed after 3 tries', level: 'error' },
      ],
      10_000,
      10,
    );
    expect(mined).toEqual([
      { pattern: 'took <_>', level: 'info', samples: [[0, 2], [10, 1]] },
      { pattern: 'failed after <_> tries', level: 'error', samples: [[10, 1]] },
    ]);
  });
});
