/**
 * A Prometheus client that keeps the warnings its query answers came with: a partial answer from
 * Thanos or Mimir ("store ... unavailable"), a PromQL warning, samples obs left out. Every
 * command that queries gathers them this way, tells each once and counts the answer as partial.
 */
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
