import { PLAIN_UNITS, type Color, type Thresholds, type Unit } from './model.js';

const CURRENCY = /^currency:([A-Z]{3})$/;
const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** A unit name from a board file, or undefined when it is not one. */
export function parseUnit(text: string): Unit | undefined {
  if ((PLAIN_UNITS as readonly string[]).includes(text)) return text as Unit;
  if (CURRENCY.test(text)) return text as Unit;
  return undefined;
}

export interface FormatOptions {
  /** Digits after the point; default: three significant digits (two decimals for money). */
  decimals?: number;
}

/** A value as a short human string in its unit: "1.5 GiB", "250 ms", "12.3%", "$4.20". */
export function formatValue(value: number | null | undefined, unit: Unit, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return '-';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const d = options.decimals;
  switch (unit) {
    case 'bytes':
      return scaled(value, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'], d, ' ');
    case 'seconds':
      return duration(value, d);
    case 'milliseconds':
      return duration(value / 1000, d);
    case 'percent':
      return num(value, d) + '%';
    case 'ratio':
      return num(value * 100, d) + '%';
    case 'reqps':
      return scaled(value, 1000, ['', 'k', 'M', 'G', 'T'], d, '') + ' req/s';
    case 'none':
      return scaled(value, 1000, ['', 'k', 'M', 'G', 'T', 'P'], d, '');
    default: {
      const code = CURRENCY.exec(unit)?.[1] ?? '';
      const sign = value < 0 ? '-' : '';
      const amount = Math.abs(value) >= 1000
        ? scaled(Math.abs(value), 1000, ['', 'k', 'M', 'B', 'T'], d, '')
        : Math.abs(value).toFixed(d ?? 2);
      return SYMBOLS[code] ? `${sign}${SYMBOLS[code]}${amount}` : `${sign}${amount} ${code}`;
    }
  }
}

function num(value: number, decimals: number | undefined): string {
  if (decimals !== undefined) return value.toFixed(decimals);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 0.001) return String(Number(value.toPrecision(3)));
  return value.toExponential(1);
}

function scaled(value: number, base: number, suffixes: string[], decimals: number | undefined, sep: string): string {
  let i = 0;
  let v = value;
  while (Math.abs(v) >= base && i < suffixes.length - 1) {
    v /= base;
    i++;
  }
  const s = suffixes[i];
  return num(v, decimals) + (s ? sep + s : '');
}

const DURATION_STEPS: Array<[number, string]> = [
  [86_400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
  [1e-3, 'ms'],
  [1e-6, 'µs'],
  [1e-9, 'ns'],
];

function duration(seconds: number, decimals: number | undefined): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  const [size, name] = DURATION_STEPS.find(([s]) => abs >= s) ?? DURATION_STEPS[DURATION_STEPS.length - 1];
  return `${num(seconds / size, decimals)} ${name}`;
}

/** The colour thresholds give a value; undefined when there are no thresholds or no number. */
export function thresholdColor(value: number | null | undefined, thresholds: Thresholds | undefined): Color | undefined {
  if (!thresholds || value === null || value === undefined || Number.isNaN(value)) return undefined;
  let color = thresholds.base;
  for (const step of thresholds.steps) if (value >= step.value) color = step.color;
  return color;
}
