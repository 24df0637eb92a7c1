/**
 * Run tests as if it were another time of day: `OBS_TEST_CLOCK=2026-12-06T23:59:30Z` shifts
 * `Date` (now, and `new Date()` without arguments) so that the process starts at that instant
 * and time then runs on normally. Load it into every process with
 *   NODE_OPTIONS="--import ./test/support/shifted-clock.mjs" OBS_TEST_CLOCK=... npx vitest run test/sim-signals
 * Tests against real Prometheus or Alertmanager binaries keep the real clock and cannot run so.
 * It finds tests whose outcome depends on the hour (the demo world's traffic follows the day).
 */
const target = process.env.OBS_TEST_CLOCK ? Date.parse(process.env.OBS_TEST_CLOCK) : NaN;
if (!Number.isNaN(target)) {
  const RealDate = Date;
  // Every process (vitest workers, obs started by tmux tests) counts from the same origin.
  const origin = Number(process.env.OBS_TEST_CLOCK_ORIGIN ?? RealDate.now());
  process.env.OBS_TEST_CLOCK_ORIGIN = String(origin);
  const offset = target - origin;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
