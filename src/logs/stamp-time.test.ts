import { describe, expect, it } from 'vitest';
import { STAMP, stampTime } from './stamp-time.js';

describe('stampTime', () => {
  it('reads the stamps log lines start with, as Date.parse does', () => {
    expect(stampTime('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(stampTime('2024-05-01T10:00:00.123456Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(stampTime('2024-05-01 10:00:00,5+02:00')).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 500));
    expect(stampTime('2024-05-01 10:00:00.12')).toBe(new Date(2024, 4, 1, 10, 0, 0, 120).getTime());
    expect(stampTime('2024-05-01T24:00:00Z')).toBe(Date.UTC(2024, 4, 2));
    expect(stampTime('2024-13-01T10:00:00Z')).toBeNaN();
  });

  it('agrees with Date.parse on stamps of every form, in any order', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const two = (n: number): string => String(n).padStart(2, '0');
    let date = '';
    let time = '';
    for (let i = 0; i < 5000; i++) {
      // runs of stamps in one second, so that the last second is both reused and replaced
      if (random(5) === 0 || i === 0) {
        date = `20${two(random(3) + 23)}-${two(random(14))}-${two(random(32))}`;
        time = `${two(random(4) === 0 ? 24 : random(24))}:${two(random(60))}:${two(random(62))}`;
      }
      const fraction = random(3) ? `${['.', ','][random(2)]}${String(random(1e6)).slice(0, 1 + random(7))}` : '';
      const zone = ['', 'Z', '+02:00', '-0530', '+14:00'][random(5)]!;
      const stamp = `${date}${random(2) ? 'T' : ' '}${time}${fraction}${zone}`;
      expect(STAMP.test(stamp)).toBe(true);
      expect(stampTime(stamp), stamp).toBe(Date.parse(stamp.replace(',', '.')));
    }
  });
});
