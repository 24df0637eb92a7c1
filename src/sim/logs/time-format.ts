/** Timestamps as different programs print them. All take unix microseconds and print UTC. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(tsUs: number) {
  const d = new Date(Math.floor(tsUs / 1000));
  const p2 = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    time: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    ms: String(d.getUTCMilliseconds()).padStart(3, '0'),
    us: String(((tsUs % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0'),
    d,
  };
}

/** 2024-05-01T10:15:42.123Z */
export function isoMillis(tsUs: number): string {
  const p = parts(tsUs);
  return `${p.date}T${p.time}.${p.ms}Z`;
}

/** 2024-05-01T10:15:42.123456Z */
export function isoMicros(tsUs: number): string {
  const p = parts(tsUs);
  return `${p.date}T${p.time}.${p.us}Z`;
}

/** 2024-05-01 10:15:42.123 (separator "." or ",") */
export function spaced(tsUs: number, fraction: '.' | ',' = '.'): string {
  const p = parts(tsUs);
  return `${p.date} ${p.time}${fraction}${p.ms}`;
}

/** 2024-05-01 10:15:42.123456+00:00 */
export function spacedMicrosOffset(tsUs: number): string {
  const p = parts(tsUs);
  return `${p.date} ${p.time}.${p.us}+00:00`;
}

/** 01 May 2024 10:15:42.123 (Redis) */
export function redisTime(tsUs: number): string {
  const p = parts(tsUs);
  return `${String(p.d.getUTCDate()).padStart(2, '0')} ${MONTHS[p.d.getUTCMonth()]} ${p.d.getUTCFullYear()} ${p.time}.${p.ms}`;
}

/** A duration as Go prints it: 723.4ms, 1.2s, 850µs */
export function goDuration(us: number): string {
  if (us < 1000) return `${us}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1).replace(/\.0$/, '')}ms`;
  return `${(us / 1_000_000).toFixed(3).replace(/\.?0+$/, '')}s`;
}
