/** Grafana units, colours, thresholds and reducers, mapped to the board model. */
import type { Color, Reducer, Thresholds, Unit } from '../model.js';

const UNITS: Record<string, Unit> = {
  '': 'none',
  none: 'none',
  short: 'none',
  locale: 'none',
  sishort: 'none',
  bytes: 'bytes',
  s: 'seconds',
  dtdurations: 'seconds',
  ms: 'milliseconds',
  dtdurationms: 'milliseconds',
  percent: 'percent',
  percentunit: 'ratio',
  reqps: 'reqps',
  rps: 'reqps',
};

/** Units shown a little differently but with the same values: converted, with a note. */
const CLOSE_UNITS: Record<string, [Unit, string]> = {
  decbytes: ['bytes', 'decimal bytes (kB = 1000 B) are shown in binary units (KiB)'],
  ops: ['reqps', 'operations per second are shown as req/s'],
  wps: ['reqps', 'writes per second are shown as req/s'],
  iops: ['reqps', 'I/O operations per second are shown as req/s'],
};

/** A Grafana unit id as a board unit; `note` says what changed, `unit` is absent when there is no equivalent. */
export function convertUnit(id: string | undefined): { unit?: Unit; note?: string } {
  const key = id ?? '';
  if (Object.hasOwn(UNITS, key)) return { unit: UNITS[key] };
  if (Object.hasOwn(CLOSE_UNITS, key)) return { unit: CLOSE_UNITS[key][0], note: CLOSE_UNITS[key][1] };
  const currency = /^currency([A-Z]{3})$/.exec(key);
  if (currency) return { unit: `currency:${currency[1]}` };
  return {};
}

const NAMED: Array<[RegExp, Color]> = [
  [/red/, 'red'],
  [/orange|yellow/, 'yellow'],
  [/green/, 'green'],
  [/blue/, 'blue'],
  [/purple|magenta|pink/, 'magenta'],
  [/cyan|teal/, 'cyan'],
  [/white|text/, 'white'],
  [/gr[ae]y|transparent/, 'gray'],
];

/**
 * The nearest terminal colour to a Grafana colour: a palette name ("semi-dark-orange"),
 * "#RRGGBB" or "rgb(a)(...)". Orange becomes yellow (the 16-colour palette has no orange).
 */
export function convertColor(text: string | undefined): Color | undefined {
  if (!text) return undefined;
  const s = text.trim().toLowerCase();
  const rgb = parseRgb(s);
  if (rgb) return nearestByHue(rgb);
  for (const [re, color] of NAMED) if (re.test(s)) return color;
  return undefined;
}

function parseRgb(s: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(s);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(s);
  return fn ? [Number(fn[1]), Number(fn[2]), Number(fn[3])] : undefined;
}

function nearestByHue([r, g, b]: [number, number, number]): Color {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2 / 255;
  const chroma = (max - min) / 255;
  if (chroma < 0.15) return lightness > 0.7 ? 'white' : 'gray';
  let hue: number;
  if (max === r) hue = ((g - b) / (max - min)) * 60;
  else if (max === g) hue = ((b - r) / (max - min)) * 60 + 120;
  else hue = ((r - g) / (max - min)) * 60 + 240;
  hue = (hue + 360) % 360;
  if (hue < 18 || hue >= 330) return 'red';
  if (hue < 70) return 'yellow';
  if (hue < 165) return 'green';
  if (hue < 195) return 'cyan';
  if (hue < 260) return 'blue';
  return 'magenta';
}

/**
 * Grafana threshold steps ({color, value}, the first with value null) as board thresholds.
 * Percentage thresholds need the field's min and max; without them the result says why not.
 */
export function convertThresholds(
  spec: { mode?: string; steps?: Array<{ color?: string; value?: number | null }> } | undefined,
  range: { min?: number; max?: number },
): { thresholds?: Thresholds; problem?: string } {
  const steps = spec?.steps ?? [];
  if (steps.length === 0) return {};
  const percentage = spec?.mode === 'percentage';
  if (percentage && (range.min === undefined || range.max === undefined)) {
    return { problem: 'percentage thresholds need a min and a max; thresholds left out' };
  }
  const scale = (v: number) => (percentage ? range.min! + ((range.max! - range.min!) * v) / 100 : v);
  const out: Thresholds = { base: 'green', steps: [] };
  const unknown: string[] = [];
  for (const step of steps) {
    const color = convertColor(step.color);
    if (!color) unknown.push(String(step.color));
    if (step.value === null || step.value === undefined) {
      if (color) out.base = color;
      continue;
    }
    const value = scale(step.value);
    const prev = out.steps.at(-1);
    if (prev && value <= prev.value) continue;
    out.steps.push({ value, color: color ?? 'red' });
  }
  return { thresholds: out, ...(unknown.length ? { problem: `colour ${unknown.join(', ')} has no terminal equivalent; used red` } : {}) };
}

/** The reducer for a Grafana calc (stat reduceOptions.calcs) or an old singlestat valueName. */
export function convertReducer(calc: string | undefined): { reduce: Reducer; note?: string } {
  switch (calc) {
    case undefined:
    case 'lastNotNull':
    case 'last':
    case 'current':
      return { reduce: 'last' };
    case 'mean':
    case 'avg':
      return { reduce: 'mean' };
    case 'max':
      return { reduce: 'max' };
    case 'min':
      return { reduce: 'min' };
    case 'sum':
    case 'total':
      return { reduce: 'sum' };
    default:
      return { reduce: 'last', note: `reducer "${calc}" is not supported; shows the last value` };
  }
}
