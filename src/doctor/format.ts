import type { Finding, Status } from './diagnose.js';

const MARKS: Record<Status, { unicode: string; ascii: string; colour: string }> = {
  ok: { unicode: '✓', ascii: 'ok', colour: '\x1b[32m' },
  info: { unicode: '·', ascii: '--', colour: '\x1b[2m' },
  warn: { unicode: '!', ascii: '!!', colour: '\x1b[33m' },
  fail: { unicode: '✗', ascii: 'XX', colour: '\x1b[31m' },
};

/** One line per finding: mark, subject, check, what was found and, after "fix:", what to do. */
export function formatFindings(findings: Finding[], options: { unicode: boolean; color: boolean }): string {
  const subjectWidth = Math.max(...findings.map((f) => f.subject.length), 8);
  const checkWidth = Math.max(...findings.map((f) => f.check.length), 6);
  return findings
    .map((f) => {
      const m = MARKS[f.status];
      const mark = options.unicode ? m.unicode : m.ascii.padEnd(2);
      const text = `${mark} ${f.subject.padEnd(subjectWidth)} ${f.check.padEnd(checkWidth)} ${f.message}${f.fix ? `${options.unicode ? ' — ' : ' -- '}fix: ${f.fix}` : ''}`;
      return options.color && f.status !== 'ok' ? `${m.colour}${text}\x1b[0m` : text;
    })
    .join('\n');
}

/** "all good", or how many checks failed and warned. */
export function summary(findings: Finding[]): string {
  const fails = findings.filter((f) => f.status === 'fail').length;
  const warns = findings.filter((f) => f.status === 'warn').length;
  if (!fails && !warns) return 'all good';
  return [fails && `${fails} failed`, warns && `${warns} warning${warns > 1 ? 's' : ''}`].filter(Boolean).join(', ');
}
