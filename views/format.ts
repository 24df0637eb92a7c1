import { formatNumber, formatPercent, formatSeconds } from '../src/output/format.js';
import type { Color } from './theme.js';

export const rate = (v?: number): string => (v === undefined || Number.isNaN(v) ? '—' : `${formatNumber(v, 3)}/s`);
export const percent = (v?: number): string => formatPercent(v, 2);
export const seconds = (v?: number): string => formatSeconds(v);

export function errorColor(ratio?: number): Color | undefined {
  if (ratio === undefined) return undefined;
  if (ratio >= 0.05) return 'red';
  if (ratio >= 0.01) return 'yellow';
  return 'green';
}

export function latencyColor(p99?: number): Color | undefined {
  if (p99 === undefined) return undefined;
  if (p99 >= 1) return 'red';
  if (p99 >= 0.5) return 'yellow';
  return undefined;
}

export function budgetColor(remaining?: number): Color | undefined {
  if (remaining === undefined) return undefined;
  if (remaining <= 0) return 'red';
  if (remaining < 0.25) return 'yellow';
  return 'green';
}

export function severityColor(severity: string): Color | undefined {
  const s = severity.toLowerCase();
  if (s === 'critical' || s === 'page' || s === 'error') return 'red';
  if (s === 'warning' || s === 'ticket') return 'yellow';
  return 'cyan';
}
