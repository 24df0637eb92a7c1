import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { LRParser } from '@lezer/lr';

const PARSERS: Record<'promql' | 'logql', { parser: LRParser; name: string }> = {
  promql: { parser: promqlParser, name: 'PromQL' },
  logql: { parser: logqlParser, name: 'LogQL' },
};

/** The first syntax error in a query, with its offset, or undefined when it parses. */
export function querySyntaxError(lang: 'promql' | 'logql', query: string): { offset: number; message: string } | undefined {
  const { parser, name } = PARSERS[lang];
  let offset: number | undefined;
  parser.parse(query).iterate({
    enter(node) {
      if (offset !== undefined) return false;
      if (node.type.isError) offset = node.from;
      return undefined;
    },
  });
  if (offset === undefined) return undefined;
  const near = query.slice(offset).trim().split('\n')[0].slice(0, 30);
  return { offset, message: `${name} syntax error ${near ? `near "${near}"` : 'at the end of the query'}` };
}
