/** Series names for a table, where the width is short and what tells the rows apart matters most. */
import { tableCellWidth as cellWidth } from './format.js';
import { formatSeriesName } from './labels.js';
import { sanitize } from './sanitize.js';

type Labels = Record<string, string>;

/** Cut label values no shorter than this, the "…" included, before giving up on the width. */
const MIN_VALUE = 4;

/**
 * The labels every series has with the same value, said once above a table, and each series'
 * own labels, the ones that tell it from the others. Fewer than two series share nothing.
 */
export function splitSharedLabels(series: readonly Labels[]): { shared: Labels; own: (labels: Labels) => Labels } {
  const shared: Labels = {};
  if (series.length >= 2) {
    for (const [name, value] of Object.entries(series[0])) if (series.every((s) => s[name] === value)) shared[name] = value;
  }
  return {
    shared,
    own: (labels) => Object.fromEntries(Object.entries(labels).filter(([name]) => !(name in shared))),
  };
}

/**
 * `name{a="1", b="2"}` in at most `width` terminal cells where it can be: the longest label values are
 * cut first (each keeps its start and ends in "…"), so every label stays in sight. A name alone
 * is written without braces.
 */
export function fitSeriesName(labels: Labels, width: number): string {
  const named = (cut: (value: string) => string) => {
    const { __name__: name, ...rest } = labels;
    const cutLabels: Labels = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, cut(sanitize(v, { maxLength: 200 }))]));
    if (name !== undefined && Object.keys(rest).length === 0) return sanitize(name, { maxLength: 200 });
    return formatSeriesName(name === undefined ? cutLabels : { __name__: name, ...cutLabels });
  };
  const whole = named((v) => v);
  if (width === Infinity || cellWidth(whole) <= width) return whole;
  // The longest cap on value lengths that fits: the name only grows with the cap, so halve the interval.
  let fits = MIN_VALUE;
  let tooLong = Math.max(0, ...Object.entries(labels).filter(([k]) => k !== '__name__').map(([, v]) => [...v].length));
  while (tooLong - fits > 1) {
    const cap = Math.floor((fits + tooLong) / 2);
    if (cellWidth(named((v) => cutValue(v, cap))) <= width) fits = cap;
    else tooLong = cap;
  }
  return named((v) => cutValue(v, fits));
}

function cutValue(value: string, cap: number): string {
  const chars = [...value];
  return chars.length <= cap ? value : `${chars.slice(0, cap - 1).join('')}…`;
}
