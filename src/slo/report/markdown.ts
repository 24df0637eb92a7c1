/** A Markdown summary of an SLO check, for a pull-request comment. */
import { sanitize } from '../../output/sanitize.js';
import type { SloReport } from '../evaluate.js';
import { decimal, instant, percent } from '../format.js';
import type { Verdict } from '../types.js';
import { statusRow } from './status.js';

const BADGE: Record<Verdict, string> = { OK: '✅ OK', WARNING: '⚠️ WARNING', BREACHED: '❌ BREACHED', NO_DATA: '❔ NO_DATA' };

export function formatMarkdown(report: SloReport): string {
  const results = report.results;
  const counts = (['BREACHED', 'NO_DATA', 'WARNING', 'OK'] as const)
    .map((v) => [v, results.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  const out = [
    `### ${BADGE[report.verdict]}: SLO check`,
    '',
    `Evaluated at ${instant(report.at)} · ${results.length} SLO${results.length === 1 ? '' : 's'}${counts.length ? `: ${counts.join(', ')}` : ''}`,
    '',
    '| Verdict | SLO | Service | Objective | SLI | Budget left | Burn (1h) | Firing alert | Data coverage |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const row = statusRow(r);
    out.push(
      `| ${BADGE[r.verdict]} | ${md(row.name)} | ${md(row.service)} | ${percent(row.objective)} / ${md(row.period)} | ${percent(row.sli)} | ` +
        `${percent(row.budgetRemaining, 1)} | ${decimal(row.burnNow)} | ${row.firingAlert ?? '—'} | ${percent(row.coverage, 1)} |`,
    );
  }
  const explained = results.filter((r) => r.reasons.length > 0);
  if (explained.length > 0) {
    out.push('', '<details><summary>Why</summary>', '');
    for (const r of explained) {
      out.push(`**${md(r.slo.name)}** (${r.verdict})`, '');
      for (const reason of r.reasons) out.push(`- ${md(reason)}`);
      out.push('');
    }
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}

/** Terminal-safe, and inert in a Markdown table: no pipes, HTML or emphasis from outside text. */
function md(text: string): string {
  return sanitize(text, { maxLength: 500 })
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
