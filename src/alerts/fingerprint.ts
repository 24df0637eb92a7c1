/**
 * The fingerprint Prometheus and Alertmanager give a label set (`model.LabelSet.Fingerprint()`):
 * 64-bit FNV-1a over the label names in sorted order, each name and value followed by a 0xff byte,
 * written as 16 hex digits. Computing the same one lets a Prometheus alert, which has no fingerprint
 * of its own, meet its Alertmanager copy.
 */

const encoder = new TextEncoder();
const SEPARATOR = 0xff;

export function labelsFingerprint(labels: Record<string, string>): string {
  // The 64-bit state as two 32-bit halves; the FNV prime is 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const add = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  };
  const names = Object.keys(labels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name]!)) add(byte);
    add(SEPARATOR);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
