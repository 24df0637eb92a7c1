/**
 * A service's name inside a namespace. Kubernetes setups write `namespace/app` (Promtail's `job`
 * label, Loki 3's `service_name` copied from it, PodMonitor jobs); tracer SDKs also write
 * `payments.shop` or `shop:payments`. One rule for every signal: a name is the service when it is
 * the service's name exactly, ignoring case, or as one of its namespace-separated parts.
 */
export function namesService(name: string, service: string): boolean {
  const lower = service.toLowerCase();
  return name === service || name.toLowerCase() === lower || name.toLowerCase().split(/[/.:]/).includes(lower);
}

/**
 * The best of `names` for `service` (exact, then ignoring case, then after a namespace), or all
 * of them that name it after a namespace when there is no closer one (`shop/checkout`, `staging/checkout`).
 */
export function namesOf(names: readonly string[], service: string): string[] {
  if (names.includes(service)) return [service];
  const byCase = names.find((n) => n.toLowerCase() === service.toLowerCase());
  return byCase !== undefined ? [byCase] : names.filter((n) => namesService(n, service));
}

/**
 * The service a label value names when no list of services is at hand (an alert's labels): the part
 * after a `namespace/` prefix. Dots and colons stay: in a label value they are hosts and ports.
 */
export function withoutNamespace(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1) || value;
}
