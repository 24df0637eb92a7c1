import { describe, expect, it } from 'vitest';
import { amplitudeDate, exportHour, parseAmplitudeTime } from './dates.js';

describe('Amplitude dates', () => {
  it('formats dates as YYYYMMDD, a Date at its UTC calendar date', () => {
    expect(amplitudeDate('2024-05-01')).toBe('20240501');
    expect(amplitudeDate('20240501')).toBe('20240501');
    expect(amplitudeDate(new Date(Date.UTC(2024, 11, 31, 23, 59)))).toBe('20241231');
    expect(() => amplitudeDate('yesterday')).toThrow(RangeError);
    expect(() => amplitudeDate(new Date(NaN))).toThrow(RangeError);
  });

  it('formats export hours as YYYYMMDDTHH in UTC', () => {
    expect(exportHour(Date.UTC(2024, 4, 1, 7, 45))).toBe('20240501T07');
    expect(exportHour(new Date(Date.UTC(2024, 4, 1, 23)))).toBe('20240501T23');
    expect(exportHour('20240501T05')).toBe('20240501T05');
    expect(() => exportHour('2024-05-01T05')).toThrow(RangeError);
  });

  it('reads export timestamps as UTC, microseconds cut to ms', () => {
    expect(parseAmplitudeTime('2024-05-01 10:15:42.123000')).toBe(Date.UTC(2024, 4, 1, 10, 15, 42, 123));
    expect(parseAmplitudeTime('2024-05-01 10:15:42.9')).toBe(Date.UTC(2024, 4, 1, 10, 15, 42, 900));
    expect(parseAmplitudeTime('2024-05-01 10:15:42')).toBe(Date.UTC(2024, 4, 1, 10, 15, 42));
    expect(parseAmplitudeTime('last tuesday')).toBeUndefined();
  });
});
