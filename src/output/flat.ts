/**
 * Whether values between `min` and `max` differ only by floating-point rounding (a steady 30% error
 * ratio comes back from Prometheus as 0.29999999999999977, 0.3, 0.3000000000000004): charts draw
 * them flat rather than magnify the noise.
 */
export function flatUpToRounding(min: number, max: number): boolean {
  return max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9;
}
