/**
 * A Prometheus client that keeps the warnings its query answers came with: a partial answer from
 * Thanos or Mimir ("store ... unavailable"), a PromQL warning, samples obs left out. Every
 * command that queries gathers them this way, tells each once and counts the answer as partial.
 */
/**
 * Whether a warning says the answer may be missing data (a Thanos store down, a Mimir querier that
 * timed out, samples obs left out) rather than commenting on the query: Prometheus 2.48–2.53 send
 * their PromQL annotations ("PromQL info: metric might not be a counter…", "PromQL warning: …") among
 * the warnings, with an answer that is whole.
 */
export function meansPartial(warning: string): boolean {
  return !/^\s*PromQL (info|warning):/i.test(warning);
}

export function anyPartial(warnings: Iterable<string>): boolean {
  for (const w of warnings) if (meansPartial(w)) return true;
  return false;
}

const QUERIES = new Set<PropertyKey>(['query', 'queryVector', 'queryRange', 'queryRangeOnePass']);

export interface Warned<P> {
  /** The same client; its query answers' warnings are added to `warnings` as they arrive. */
  prometheus: P;
  warnings: ReadonlySet<string>;
}

export function warnedPrometheus<P extends object>(prometheus: P): Warned<P> {
  const warnings = new Set<string>();
  const client = new Proxy(prometheus, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key);
      if (typeof member !== 'function') return member;
      if (!QUERIES.has(key)) return member.bind(target);
      return async (...args: unknown[]) => {
        const answer = (await member.apply(target, args)) as { warnings?: string[] } | undefined;
        for (const w of answer?.warnings ?? []) warnings.add(w);
        return answer;
      };
    },
  });
  return { prometheus: client, warnings };
}
