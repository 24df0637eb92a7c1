import { describe, expect, it } from 'vitest';
import { chooseStep, formatDuration, isoTime, parseDuration, parseTime, resolveRange } from './time.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');

describe('durations', () => {
  it('reads Prometheus-style durations and plain seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('0.5')).toBe(500);
  });
  it('rejects what it cannot read, saying what was expected', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration "5 minutes"/);
    expect(() => parseDuration('')).toThrow();
  });
  it('formats back to the shortest form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(30 * 86_400_000)).toBe('4w2d');
    expect(formatDuration(1500)).toBe('1s500ms');
  });
});

describe('instants', () => {
  it('writes an instant as RFC3339 in UTC, which parseTime reads back', () => {
    expect(isoTime(Date.UTC(2026, 11, 8, 5, 7))).toBe('2026-12-08T05:07:00.000Z');
    expect(parseTime(isoTime(NOW), 0)).toBe(NOW);
  });

  it('reads a date or time without a zone as UTC, whatever the local zone, as obs prints UTC', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(parseTime('2024-05-01T10:00:00', NOW)).toBe(NOW);
      expect(parseTime('2024-05-01 10:00', NOW)).toBe(NOW);
      expect(parseTime('2024-05-01', NOW)).toBe(NOW - 10 * 3_600_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads now, relative times, RFC3339 and unix seconds', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('now-2h', NOW)).toBe(NOW - 7_200_000);
    expect(parseTime('2024-05-01T09:00:00Z', NOW)).toBe(NOW - 3_600_000);
    expect(parseTime('1714557600', NOW)).toBe(NOW);
    expect(parseTime('2024-05-01T11:00:00+01:00', NOW)).toBe(NOW);
    expect(parseTime('1714557600.5', NOW)).toBe(NOW + 500);
    expect(parseTime('1714557600000', NOW)).toBe(NOW);
  });
  it('rejects garbage', () => {
    expect(() => parseTime('yesterday', NOW)).toThrow(/invalid time "yesterday"/);
  });
});

describe('ranges and steps', () => {
  it('resolves --since, --from/--to and defaults', () => {
    expect(resolveRange({}, '1h', NOW)).toEqual({ start: NOW - 3_600_000, end: NOW });
    expect(resolveRange({ since: '15m' }, '1h', NOW)).toEqual({ start: NOW - 900_000, end: NOW });
    expect(resolveRange({ from: 'now-2h', to: 'now-1h' }, '1h', NOW)).toEqual({ start: NOW - 7_200_000, end: NOW - 3_600_000 });
    expect(() => resolveRange({ from: 'now', to: 'now-1h' }, '1h', NOW)).toThrow(/before its end/);
  });
  it('refuses --since with --from, which contradict each other, and reads --since with --to as the span before --to', () => {
    expect(() => resolveRange({ since: '1h', from: 'now-2h' }, '1h', NOW)).toThrow('--since and --from both set the start of the range');
    expect(resolveRange({ since: '1h', to: 'now-1h' }, '1h', NOW)).toEqual({ start: NOW - 7_200_000, end: NOW - 3_600_000 });
  });
  it('keeps every series under 11,000 points', () => {
    const thirtyDays = { start: 0, end: 30 * 86_400_000 };
    const step = chooseStep(thirtyDays, 1_000_000);
    expect(thirtyDays.end / step).toBeLessThanOrEqual(11_000);
    expect(chooseStep({ start: 0, end: 3_600_000 }, 240)).toBe(15_000);
  });
});
