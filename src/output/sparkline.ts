import { flatUpToRounding } from './flat.js';

const BLOCKS = '▁▂▃▄▅▆▇█';
const ASCII = '_.-=+*#';

/**
 * A one-line chart of `values` squeezed into `width` cells (the last values win when cut).
 * Missing and non-finite values show as a space. `ascii` for terminals without UTF-8.
 */
export function sparkline(values: readonly (number | undefined)[], width = values.length, options: { ascii?: boolean; min?: number; max?: number } = {}): string {
  const cells = resample(values, width);
  const finite = cells.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (finite.length === 0) return ' '.repeat(cells.length);
  const lo = options.min ?? Math.min(...finite);
  const hi = options.max ?? Math.max(...finite);
  const ramp = options.ascii ? ASCII : BLOCKS;
  const flat = flatUpToRounding(lo, hi);
  return cells
    .map((v) => {
      if (v === undefined || !Number.isFinite(v)) return ' ';
      if (flat) return ramp[0];
      const i = Math.round(((v - lo) / (hi - lo)) * (ramp.length - 1));
      return ramp[Math.min(ramp.length - 1, Math.max(0, i))];
    })
    .join('');
}

/** Average neighbouring values down to `width` buckets; shorter input is kept as it is. */
function resample(values: readonly (number | undefined)[], width: number): (number | undefined)[] {
  if (values.length <= width) return [...values];
  const out: (number | undefined)[] = [];
  for (let b = 0; b < width; b++) {
    const from = Math.floor((b * values.length) / width);
    const to = Math.floor(((b + 1) * values.length) / width);
    let sum = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v !== undefined && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    out.push(n ? sum / n : undefined);
  }
  return out;
}
