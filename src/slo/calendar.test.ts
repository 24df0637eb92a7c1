import { describe, expect, it } from 'vitest';
import { calendarPeriodAt, isValidStartTime, isValidTimeZone } from './calendar.js';

const t = (iso: string) => Date.parse(iso);

describe('calendar periods', () => {
  it('finds the month an instant falls in, in UTC', () => {
    const spec = { unit: 'M', count: 1, startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } as const;
    expect(calendarPeriodAt(spec, t('2024-03-15T12:00:00Z'))).toEqual({ start: t('2024-03-01T00:00:00Z'), end: t('2024-04-01T00:00:00Z') });
    expect(calendarPeriodAt(spec, t('2024-03-01T00:00:00Z')).start).toBe(t('2024-03-01T00:00:00Z'));
    // before the start time, periods continue backwards
    expect(calendarPeriodAt(spec, t('2023-12-31T23:59:59Z'))).toEqual({ start: t('2023-12-01T00:00:00Z'), end: t('2024-01-01T00:00:00Z') });
  });

  it('counts months on the wall clock of the time zone, across DST', () => {
    const spec = { unit: 'M', count: 1, startTime: '2024-01-01 00:00:00', timeZone: 'Europe/Paris' } as const;
    // April in Paris starts at 22:00 UTC the day before (CEST, UTC+2) and ends at midnight local in May.
    expect(calendarPeriodAt(spec, t('2024-04-10T00:00:00Z'))).toEqual({ start: t('2024-03-31T22:00:00Z'), end: t('2024-04-30T22:00:00Z') });
    // March spans the switch: starts UTC+1, ends UTC+2.
    expect(calendarPeriodAt(spec, t('2024-03-10T00:00:00Z'))).toEqual({ start: t('2024-02-29T23:00:00Z'), end: t('2024-03-31T22:00:00Z') });
  });

  it('steps weeks from the start day, and quarters from the start month', () => {
    const weeks = { unit: 'w', count: 1, startTime: '2024-01-01', timeZone: 'UTC' } as const; // a Monday
    expect(calendarPeriodAt(weeks, t('2024-05-01T10:00:00Z'))).toEqual({ start: t('2024-04-29T00:00:00Z'), end: t('2024-05-06T00:00:00Z') });
    const quarters = { unit: 'Q', count: 1, startTime: '2024-01-01', timeZone: 'UTC' } as const;
    expect(calendarPeriodAt(quarters, t('2024-05-01T10:00:00Z'))).toEqual({ start: t('2024-04-01T00:00:00Z'), end: t('2024-07-01T00:00:00Z') });
  });

  it('keeps a month starting on the 31st on the last day of shorter months', () => {
    const spec = { unit: 'M', count: 1, startTime: '2024-01-31 00:00:00', timeZone: 'UTC' } as const;
    expect(calendarPeriodAt(spec, t('2024-03-01T00:00:00Z'))).toEqual({ start: t('2024-02-29T00:00:00Z'), end: t('2024-03-31T00:00:00Z') });
  });

  it('validates zones and start times', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidStartTime('2022-01-01 12:00:00')).toBe(true);
    expect(isValidStartTime('2022-01-01T12:00:00Z')).toBe(true);
    expect(isValidStartTime('next tuesday')).toBe(false);
  });
});
