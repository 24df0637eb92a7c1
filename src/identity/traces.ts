/**
 * Jaeger's name for a service. Tracers name services as their SDK is told (`payments`,
 * `shop/payments`, `payments.shop`, `Payments`), so a name is matched exactly first, then
 * ignoring case, then by the part after a namespace separator.
 */
export function traceServiceName(jaegerServices: readonly string[], service: string): string | undefined {
  if (jaegerServices.includes(service)) return service;
  const lower = service.toLowerCase();
  const byCase = jaegerServices.find((s) => s.toLowerCase() === lower);
  if (byCase) return byCase;
  return jaegerServices.find((s) => {
    const parts = s.toLowerCase().split(/[/.:]/);
    return parts.includes(lower);
  });
}
