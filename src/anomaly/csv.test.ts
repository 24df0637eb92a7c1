import { describe, expect, it } from 'vitest';
import { parseTimestamp, readSeriesCsv, SeriesFileError } from './csv.js';

describe('readSeriesCsv', () => {
  it('keeps rows in file order with their timestamps as written', () => {
    const rows = [...readSeriesCsv('timestamp,value\n2014-03-09 03:00:00,1.5\n2014-03-09 03:00:00,2\n2014-03-09 02:55:00,44.611999999999995\n')];
    expect(rows.map((r) => r.timestamp)).toEqual(['2014-03-09 03:00:00', '2014-03-09 03:00:00', '2014-03-09 02:55:00']);
    expect(rows.map((r) => r.value)).toEqual([1.5, 2, 44.611999999999995]);
    expect(rows[0]!.timeMs).toBe(Date.UTC(2014, 2, 9, 3));
  });

  it('names the line of a bad value', () => {
    const read = () => [...readSeriesCsv('timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,oops\n')];
    expect(read).toThrow(SeriesFileError);
    expect(read).toThrow(/not a number/);
    try {
      read();
    } catch (err) {
      expect((err as SeriesFileError).line).toBe(3);
    }
  });

  it('refuses a file without the timestamp,value header', () => {
    expect(() => [...readSeriesCsv('time,v\n1,2\n')]).toThrow(/header/);
  });
});

describe('parseTimestamp', () => {
  it('reads the NAB form as UTC, RFC3339 and unix seconds', () => {
    expect(parseTimestamp('2014-04-01 00:05:00')).toBe(Date.UTC(2014, 3, 1, 0, 5));
    expect(parseTimestamp('2014-04-01T00:05:00+01:00')).toBe(Date.UTC(2014, 3, 0, 23, 5));
    expect(parseTimestamp('1396310700')).toBe(Date.UTC(2014, 3, 1, 0, 5));
    expect(parseTimestamp('yesterday')).toBeNaN();
  });
});
