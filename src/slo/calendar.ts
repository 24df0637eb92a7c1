/**
 * Calendar-aligned SLO periods ("each month from 2024-01-01 00:00 in Europe/Paris"): which period
 * an instant falls in, with months and days counted on the wall clock of the time zone (DST-aware).
 */
import type { CalendarUnit } from './types.js';

export interface CalendarSpec {
  unit: CalendarUnit;
  count: number;
  /** Wall-clock "YYYY-MM-DD[ HH:MM[:SS]]", or an RFC3339 instant. */
  startTime: string;
  timeZone: string;
}

interface WallClock {
  year: number;
  /** 0-11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTHS: Record<CalendarUnit, number> = { d: 0, w: 0, M: 1, Q: 3, Y: 12 };
const DAYS: Record<CalendarUnit, number> = { d: 1, w: 7, M: 0, Q: 0, Y: 0 };
const NOMINAL_DAYS: Record<CalendarUnit, number> = { d: 1, w: 7, M: 30, Q: 90, Y: 365 };
const DAY_MS = 86_400_000;

/** Nominal length of a calendar period: a month is 30 days, a quarter 90, a year 365. */
export function nominalCalendarMs(unit: CalendarUnit, count: number): number {
  return NOMINAL_DAYS[unit] * count * DAY_MS;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `startTime` is a form this module reads. */
export function isValidStartTime(startTime: string): boolean {
  return WALL.test(startTime.trim()) || !Number.isNaN(Date.parse(startTime));
}

/** The calendar period containing `at`: [start, end) in unix ms. */
export function calendarPeriodAt(spec: CalendarSpec, at: number): { start: number; end: number } {
  const origin = startWallClock(spec);
  const boundary = (k: number) => wallToUtc(addPeriods(origin, spec, k), spec.timeZone);
  let k = Math.floor((at - boundary(0)) / nominalCalendarMs(spec.unit, spec.count));
  while (boundary(k) > at) k--;
  while (boundary(k + 1) <= at) k++;
  return { start: boundary(k), end: boundary(k + 1) };
}

function startWallClock(spec: CalendarSpec): WallClock {
  const m = WALL.exec(spec.startTime.trim());
  if (m) {
    return {
      year: Number(m[1]),
      month: Number(m[2]) - 1,
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
  }
  const instant = Date.parse(spec.startTime);
  if (Number.isNaN(instant)) throw new RangeError(`invalid calendar startTime "${spec.startTime}"`);
  return utcToWall(instant, spec.timeZone);
}

function addPeriods(origin: WallClock, spec: CalendarSpec, k: number): WallClock {
  const months = MONTHS[spec.unit] * spec.count * k;
  if (months === 0) return { ...origin, day: origin.day + DAYS[spec.unit] * spec.count * k };
  const total = origin.year * 12 + origin.month + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  // Jan 31 + 1 month is the last day of February, not March 3rd.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { ...origin, year, month, day: Math.min(origin.day, lastDay) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function utcToWall(utcMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month - 1, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second);
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffset(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallAsUtc(utcToWall(whole, timeZone)) - whole;
}

/** The instant a wall-clock time happens in a zone (the later reading when DST skips it). */
function wallToUtc(w: WallClock, timeZone: string): number {
  const naive = wallAsUtc(w);
  const first = naive - zoneOffset(naive, timeZone);
  return naive - zoneOffset(first, timeZone);
}
