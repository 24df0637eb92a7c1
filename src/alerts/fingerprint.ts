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
  // Go hashes the UTF-8 bytes; ASCII text (nearly all labels) is its own encoding.
  const addText = (text: string) => {
    if (/^[\x00-\x7f]*$/.test(text)) for (let i = 0; i < text.length; i++) add(text.charCodeAt(i));
    else for (const byte of encoder.encode(text)) add(byte);
    add(SEPARATOR);
  };
  const names = Object.keys(labels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    addText(name);
    addText(labels[name]!);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
