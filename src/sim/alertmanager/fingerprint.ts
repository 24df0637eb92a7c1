/** Alert fingerprints exactly as Prometheus's model.LabelSet.Fingerprint (FNV-1a 64 over sorted labels). */
import type { Labels } from '../promql/labels.js';

const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

export function fingerprint(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let h = OFFSET;
  const add = (b: number) => {
    h = ((h ^ BigInt(b)) * PRIME) & MASK;
  };
  for (const name of names) {
    for (const b of Buffer.from(name, 'utf8')) add(b);
    add(SEPARATOR);
    for (const b of Buffer.from(labels[name], 'utf8')) add(b);
    add(SEPARATOR);
  }
  return h.toString(16).padStart(16, '0');
}
