/**
 * Seeded, stateless randomness: every value is a hash of (seed, parts), so any sample of the world can be
 * computed on its own, in any order, and is identical on every run.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mixWord(h: number, w: number): number {
  let k = Math.imul(w | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixPart(h: number, part: string | number): number {
  if (typeof part === 'number') {
    if (Number.isInteger(part) && Math.abs(part) < 2 ** 53) {
      h = mixWord(h, part % 4294967296);
      return mixWord(h, Math.floor(part / 4294967296));
    }
    f64[0] = part;
    return mixWord(mixWord(h, u32[0]), u32[1]);
  }
  h = mixWord(h, part.length);
  for (let i = 0; i < part.length; i++) h = mixWord(h, part.charCodeAt(i));
  return h;
}

/** A 32-bit hash of (seed, ...parts). */
export function hash32(seed: number, ...parts: (string | number)[]): number {
  let h = mixWord(0x2545f491, seed);
  for (const p of parts) h = mixPart(h, p);
  return finish(h);
}

/** Deterministic uniform value in [0, 1) for (seed, ...parts). */
export function hash01(seed: number, ...parts: (string | number)[]): number {
  return hash32(seed, ...parts) / 4294967296;
}

/** Fast path for hot loops: uniform [0, 1) from a precomputed key hash and two integers. */
export function hashInts01(key: number, a: number, b = 0): number {
  let h = mixWord(key, a % 4294967296);
  h = mixWord(h, Math.floor(a / 4294967296));
  h = mixWord(h, b);
  return finish(h) / 4294967296;
}

/**
 * Smooth value noise in [-1, 1]: random knots at integer x, cosine-interpolated between them.
 * `key` is a hash32 of whatever identifies the noise stream.
 */
export function smoothNoise(key: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hashInts01(key, i) * 2 - 1;
  const b = hashInts01(key, i + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a + (b - a) * w;
}
