/**
 * Trace and span IDs that encode where a sampled request lives, so any trace can be rebuilt from its ID alone.
 *
 * The first 64 bits of a trace ID are a keyed Feistel permutation of (time bucket, entry route, slot, check bits);
 * the last 64 bits are a hash of the same. The result looks random, and decoding it is O(1).
 */
import { hash32 } from '../world/random.js';

/** Sampled requests are laid out in buckets of this length. */
export const BUCKET_MS = 10_000;

/** Where a sampled request sits: its time bucket, the index of its entry route, and its slot in that bucket. */
export interface TraceKey {
  bucket: number;
  route: number;
  slot: number;
}

export const MAX_ROUTES = 16;
export const MAX_SLOTS = 256;
const ROUNDS = 4;
const CHECK_BITS = 0xfffff;

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  return HEX_BYTES[(n >>> 24) & 0xff] + HEX_BYTES[(n >>> 16) & 0xff] + HEX_BYTES[(n >>> 8) & 0xff] + HEX_BYTES[n & 0xff];
}

function roundKey(seed: number, round: number, half: number): number {
  return hash32(seed, 0x7e57, round, half);
}

export function traceIdOf(seed: number, key: TraceKey): string {
  let hi = key.bucket >>> 0;
  let lo = ((key.route << 28) | (key.slot << 20) | (hash32(seed, 0xc4ec, key.bucket, key.route, key.slot) & CHECK_BITS)) >>> 0;
  for (let r = 0; r < ROUNDS; r++) [hi, lo] = [lo, (hi ^ roundKey(seed, r, lo)) >>> 0];
  return hex8(hi) + hex8(lo) + tail(seed, key);
}

function tail(seed: number, key: TraceKey): string {
  return hex8(hash32(seed, 0x7a11, key.bucket, key.route, key.slot)) + hex8(hash32(seed, 0x7a12, key.bucket, key.route, key.slot));
}

/** The key a trace ID was made from, or undefined if this seed never produced it. */
export function decodeTraceId(seed: number, id: string): TraceKey | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  let hi = parseInt(id.slice(0, 8), 16);
  let lo = parseInt(id.slice(8, 16), 16);
  for (let r = ROUNDS - 1; r >= 0; r--) [hi, lo] = [(lo ^ roundKey(seed, r, hi)) >>> 0, hi];
  const key = { bucket: hi, route: lo >>> 28, slot: (lo >>> 20) & 0xff };
  if ((lo & CHECK_BITS) !== (hash32(seed, 0xc4ec, key.bucket, key.route, key.slot) & CHECK_BITS)) return undefined;
  return tail(seed, key) === id.slice(16) ? key : undefined;
}

/** Span `index` (depth-first order) of the trace with this key. */
export function spanIdOf(seed: number, key: TraceKey, index: number): string {
  return hex8(hash32(seed, 0x5a1, key.bucket, key.route, key.slot, index)) + hex8(hash32(seed, 0x5a2, key.bucket, key.route, key.slot, index));
}
