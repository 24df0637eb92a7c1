/** Event and user properties of product events, derived from each event's key. */
import { hashInts01 } from '../world/random.js';
import type { ProductEvent } from './events.js';
import type { User } from './users.js';

export type PropValue = string | number | boolean;

const PAGES = ['/', '/product', '/product', '/product', '/cart'];
const METHODS = ['card', 'card', 'paypal', 'apple_pay'];

export function eventProperties(e: ProductEvent): Record<string, PropValue> {
  const u = (n: number) => hashInts01(e.key, n);
  const productId = `sku-${1000 + Math.floor(u(1) * 400)}`;
  switch (e.type) {
    case 'page_view': {
      const page = PAGES[Math.floor(u(0) * PAGES.length)];
      return { page: page === '/product' ? `/product/${productId.slice(4)}` : page, referrer: u(2) < 0.5 ? 'direct' : 'search' };
    }
    case 'add_to_cart':
      return { product_id: productId, price: Math.round(500 + u(3) * 9_500) / 100, quantity: 1 + Math.floor(u(4) * 3) };
    case 'checkout_started':
      return { cart_items: 1 + Math.floor(u(5) * 5), cart_value: Math.round(1_000 + u(6) * 20_000) / 100 };
    case 'checkout_completed':
      return {
        order_id: `ord-${100_000_000 + Math.floor(u(7) * 9e8)}`,
        amount: Math.round(1_000 + u(6) * 20_000) / 100,
        currency: 'EUR',
        payment_method: METHODS[Math.floor(u(8) * METHODS.length)],
      };
  }
}

/** Amplitude's built-in user properties, plus custom ones under `gp:`. */
export function userProperties(user: User): Record<string, PropValue> {
  return {
    platform: user.platform,
    os: user.os_name,
    device: user.device_family,
    country: user.country,
    city: user.city,
    language: user.language,
    version: user.version,
    paying: user.paying,
    start_version: '4.12.0',
    'gp:plan': user.paying ? 'pro' : 'free',
  };
}

/** A property for filters and group-bys: `user` type reads user properties (with or without `gp:`), `event` the event's. */
export function propertyOf(e: ProductEvent, type: string, key: string): PropValue | undefined {
  if (type === 'event') return eventProperties(e)[key];
  const props = userProperties(e.user);
  return props[key] ?? props[`gp:${key}`] ?? (key === 'user_id' ? e.user.user_id : undefined);
}
