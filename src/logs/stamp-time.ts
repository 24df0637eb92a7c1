/**
 * The time of a stamp as log lines write it at their start (`2024-05-01 10:00:00,123`,
 * `2024-05-01T10:00:00.123456Z`, `2024-05-01T10:00:00+02:00`), equal to Date.parse of it with a
 * decimal comma read as a point. Date.parse is slow and the lines of a log mostly share their
 * second, so the whole second is parsed once and the milliseconds are added: Date.parse reads
 * the first three digits of the fraction.
 */

/** A stamp stampTime reads: date, time to the second, an optional fraction and zone. */
export const STAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

// The last second parsed: the stamp's first 19 characters, its zone, and its time.
let lastSecond = '';
let lastZone = '';
let lastTime = NaN;

/** Unix ms of a stamp that STAMP matches (NaN for a date that does not exist). */
export function stampTime(stamp: string): number {
  // 24:00:00 is the next day's midnight, and takes no fraction
  if (stamp.charCodeAt(11) === 50 /* 2 */ && stamp.charCodeAt(12) === 52 /* 4 */) return Date.parse(stamp.replace(',', '.'));
  let zone = 19;
  let ms = 0;
  const point = stamp.charCodeAt(19);
  if (point === 46 /* . */ || point === 44 /* , */) {
    for (zone = 20; isDigit(stamp.charCodeAt(zone)); zone++) {
      if (zone < 23) ms += (stamp.charCodeAt(zone) - 48) * (zone === 20 ? 100 : zone === 21 ? 10 : 1);
    }
  }
  const sameZone = stamp.length - zone === lastZone.length && stamp.endsWith(lastZone);
  if (lastSecond === '' || !sameZone || !stamp.startsWith(lastSecond)) {
    lastSecond = stamp.slice(0, 19);
    lastZone = stamp.slice(zone);
    lastTime = Date.parse(lastSecond + lastZone);
  }
  return lastTime + ms;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
