/**
 * Log patterns as Loki 3 reports them: each line reduced to a template where variable tokens become `<_>`, so the
 * template is also a valid `|> "..."` pattern filter for the lines it stands for. Tokens are variable when they
 * hold a digit (numbers, IDs, timestamps, durations); JSON lines keep their keys, and string values are
 * templated word by word.
 */

export const PLACEHOLDER = '<_>';

export function templateOf(line: string): string {
  if (line.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) return jsonTemplate(value);
    } catch {
      // not JSON after all: treat it as text
    }
  }
  return textTemplate(line);
}

/** Space-separated tokens; in `key=value` only the value can vary; brackets and quotes around a token are kept. */
function textTemplate(text: string): string {
  return text
    .split(' ')
    .map((token) => {
      const m = /^([(["']*)(?:([A-Za-z_][\w.]*=)([(["']*))?(.*?)([)\]"',;:.]*)$/.exec(token)!;
      const [, open, key = '', quote = '', value, close] = m;
      return /\d/.test(value) ? `${open}${key}${quote}${PLACEHOLDER}${close}` : token;
    })
    .join(' ');
}

function jsonTemplate(value: unknown): string {
  if (typeof value === 'number') return PLACEHOLDER;
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return /\d/.test(value) && quoted === `"${value}"` ? `"${textTemplate(value)}"` : quoted;
  }
  if (Array.isArray(value)) return PLACEHOLDER;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonTemplate(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface PatternEntry {
  tsUs: number;
  line: string;
  level: string;
}

export interface MinedPattern {
  pattern: string;
  level: string;
  /** [unix seconds at the start of the step, lines in that step] */
  samples: [number, number][];
}

/** Group lines by template and level, counting per step; the most frequent first, at most `max`. */
export function minePatterns(entries: Iterable<PatternEntry>, stepMs: number, max: number): MinedPattern[] {
  const groups = new Map<string, { pattern: string; level: string; total: number; counts: Map<number, number> }>();
  for (const e of entries) {
    const pattern = templateOf(e.line);
    const key = `${e.level}\u0000${pattern}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { pattern, level: e.level, total: 0, counts: new Map() }));
    const t = Math.floor(e.tsUs / 1000 / stepMs) * stepMs;
    g.counts.set(t, (g.counts.get(t) ?? 0) + 1);
    g.total++;
  }
  return [...groups.values()]
    .sort((a, b) => b.total - a.total || (a.pattern < b.pattern ? -1 : 1))
    .slice(0, max)
    .map((g) => ({
      pattern: g.pattern,
      level: g.level,
      samples: [...g.counts.entries()].sort((a, b) => a[0] - b[0]).map(([t, n]) => [t / 1000, n]),
    }));
}
