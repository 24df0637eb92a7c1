import { describe, expect, it } from 'vitest';
import { BoundaryDedupe, compareNs, mergeStreams, nsToMs, toNs } from './entries.js';

describe('nanosecond timestamps', () => {
  it('converts ms numbers and keeps ns bigints', () => {
    expect(toNs(1714557600123)).toBe(1714557600123000000n);
    expect(toNs(1714557598123456789n)).toBe(1714557598123456789n);
    expect(nsToMs('1714557598123456789')).toBe(1714557598123);
  });

  it('orders decimal strings by value, also across lengths', () => {
    expect(compareNs('1714557598123456789', '1714557598123456790')).toBeLessThan(0);
    expect(compareNs('999999999999999999', '1000000000000000000')).toBeLessThan(0);
    expect(compareNs('5', '5')).toBe(0);
  });
});

describe('mergeStreams', () => {
  const streams = [
    { stream: { app: 'api' }, values: [['30', 'a3'], ['10', 'a1']] as [string, string][] },
    { stream: { app: 'web' }, values: [['20', 'w2'], ['10', 'w1']] as [string, string][] },
  ];

  it('merges streams into one timeline, newest first for backward', () => {
    expect(mergeStreams(streams, 'backward').map((e) => e.line)).toEqual(['a3', 'w2', 'a1', 'w1']);
  });

  it('oldest first for forward, keeping each line’s stream labels', () => {
    const entries = mergeStreams(streams, 'forward');
    expect(entries.map((e) => e.line)).toEqual(['a1', 'w1', 'w2', 'a3']);
    expect(entries[2]).toEqual({ ts: '20', line: 'w2', labels: { app: 'web' } });
  });

  it('treats missing streams or values as empty', () => {
    expect(mergeStreams(undefined, 'forward')).toEqual([]);
    expect(mergeStreams([{ stream: { a: 'b' } }], 'forward')).toEqual([]);
  });
});

describe('BoundaryDedupe', () => {
  const e = (ts: string, line: string, app = 'api') => ({ ts, line, labels: { app } });

  it('drops a line seen again at the boundary, keeps a different line at the same timestamp', () => {
    const d = new BoundaryDedupe('forward');
    expect([e('1', 'x'), e('2', 'y'), e('2', 'z')].map((x) => d.accept(x))).toEqual([true, true, true]);
    expect(d.boundary).toBe('2');
    expect(d.atBoundary).toBe(2);
    expect(d.accept(e('2', 'y'))).toBe(false);
    expect(d.accept(e('2', 'y', 'web'))).toBe(true);
    expect(d.accept(e('3', 'y'))).toBe(true);
    expect(d.atBoundary).toBe(1);
  });

  it('moves the other way for backward pages', () => {
    const d = new BoundaryDedupe('backward');
    d.accept(e('9', 'a'));
    d.accept(e('5', 'b'));
    expect(d.boundary).toBe('5');
    expect(d.accept(e('5', 'b'))).toBe(false);
  });

  it('lets a late line behind the boundary through', () => {
    const d = new BoundaryDedupe('forward');
    d.accept(e('9', 'a'));
    expect(d.accept(e('7', 'late'))).toBe(true);
    expect(d.boundary).toBe('9');
  });

  it('knows a line again when one answer adds structured metadata to its labels (Loki 3 query vs tail frames)', () => {
    const d = new BoundaryDedupe('forward');
    expect(d.accept({ ts: '5', line: 'l', labels: { app: 'tail', service_name: 'tail' } })).toBe(true);
    expect(d.accept({ ts: '5', line: 'l', labels: { service_name: 'tail', app: 'tail', detected_level: 'unknown' } })).toBe(false);
    expect(d.accept({ ts: '5', line: 'l', labels: { app: 'other', service_name: 'other' } })).toBe(true);
  });
});
