import { namesOf } from './namespace.js';

/**
 * Jaeger's name for a service. Tracers name services as their SDK is told (`payments`,
 * `shop/payments`, `payments.shop`, `Payments`), so a name is matched exactly first, then
 * ignoring case, then by the part after a namespace separator (namespace.ts).
 */
export function traceServiceName(jaegerServices: readonly string[], service: string): string | undefined {
  return namesOf(jaegerServices, service)[0];
}
