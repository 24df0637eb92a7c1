/** The demo product's user base: who they are is a pure function of (seed, index). */
import { hash32, hashInts01 } from '../world/random.js';

export const USERS = 20_000;
/** users joined over this many days before the world's reference day */
const JOIN_SPREAD_DAYS = 400;

const PLATFORMS = [
  { platform: 'iOS', os_name: 'ios', device_family: 'Apple iPhone', share: 0.4 },
  { platform: 'Android', os_name: 'android', device_family: 'Samsung Galaxy', share: 0.35 },
  { platform: 'Web', os_name: 'Chrome', device_family: 'Mac', share: 0.25 },
];
const COUNTRIES = [
  { country: 'United States', city: 'New York', language: 'English', share: 0.38 },
  { country: 'Germany', city: 'Berlin', language: 'German', share: 0.2 },
  { country: 'United Kingdom', city: 'London', language: 'English', share: 0.15 },
  { country: 'France', city: 'Paris', language: 'French', share: 0.12 },
  { country: 'India', city: 'Bengaluru', language: 'English', share: 0.15 },
];
const VERSIONS = ['4.12.0', '4.13.1', '4.14.0'];

export interface User {
  index: number;
  user_id: string;
  device_id: string;
  amplitude_id: number;
  platform: string;
  os_name: string;
  device_family: string;
  country: string;
  city: string;
  language: string;
  version: string;
  /** UTC day number (unix days) of the user's first event */
  joinDay: number;
  paying: boolean;
}

function pickShare<T extends { share: number }>(xs: T[], u: number): T {
  let x = u;
  for (const item of xs) if ((x -= item.share) < 0) return item;
  return xs[xs.length - 1];
}

export class UserBase {
  private readonly key: number;
  private readonly cache = new Map<number, User>();

  constructor(
    readonly seed: number,
    /** the unix day users' join days count back from */
    readonly referenceDay: number,
  ) {
    this.key = hash32(seed, 'users');
  }

  user(index: number): User {
    const hit = this.cache.get(index);
    if (hit) return hit;
    const u = (n: number) => hashInts01(this.key, index, n);
    const p = pickShare(PLATFORMS, u(1));
    const c = pickShare(COUNTRIES, u(2));
    const hex = hash32(this.key, index, 3).toString(16).padStart(8, '0');
    const user: User = {
      index,
      user_id: `user-${String(index).padStart(5, '0')}`,
      device_id: `${hex}-${(index * 7919).toString(16).padStart(4, '0')}-4c7e`,
      amplitude_id: 100_000_000 + index * 37,
      platform: p.platform,
      os_name: p.os_name,
      device_family: p.device_family,
      country: c.country,
      city: c.city,
      language: c.language,
      version: VERSIONS[Math.floor(u(4) * VERSIONS.length)],
      joinDay: this.referenceDay - Math.floor(u(5) ** 1.3 * JOIN_SPREAD_DAYS),
      paying: u(6) < 0.18,
    };
    if (this.cache.size > USERS) this.cache.clear();
    this.cache.set(index, user);
    return user;
  }

  /** A user picked for a session: heavy users more often (a skewed draw), only among those who had joined by `day`. */
  pick(u: number, retry: number, day: number): User {
    for (let attempt = 0; attempt < 8; attempt++) {
      const x = attempt === 0 ? u : hashInts01(this.key, Math.floor(u * 2 ** 32), retry * 8 + attempt);
      const user = this.user(Math.floor(x ** 1.7 * USERS));
      if (user.joinDay <= day) return user;
    }
    return this.user(0);
  }
}
