/** What the runbook step-through shows, as plain lines: pure, so it is tested without a terminal. */
import { sanitize } from '../../src/output/sanitize.js';
import type { ExecResult } from '../../src/runbooks/expect.js';
import type { BlockResult, StepResult } from '../../src/runbooks/run.js';
import type { CodeBlock } from '../../src/runbooks/types.js';
import type { Color } from '../theme.js';

export type StepState = 'pending' | 'passed' | 'failed' | 'ran' | 'not-run' | 'skipped';

export interface Line {
  text: string;
  color?: Color;
  bold?: boolean;
  /** Wrap instead of cutting at the panel's edge. */
  wrap?: boolean;
}

const GLYPHS: Record<StepState, { unicode: string; ascii: string; color?: Color }> = {
  pending: { unicode: '·', ascii: '.' },
  passed: { unicode: '✓', ascii: '+', color: 'green' },
  failed: { unicode: '✗', ascii: 'x', color: 'red' },
  ran: { unicode: '●', ascii: '*', color: 'cyan' },
  'not-run': { unicode: '○', ascii: 'o', color: 'yellow' },
  skipped: { unicode: '-', ascii: '-', color: 'gray' },
};

export function stepMark(state: StepState, unicode: boolean): { glyph: string; color?: Color } {
  const g = GLYPHS[state];
  return { glyph: unicode ? g.unicode : g.ascii, color: g.color };
}

const clean = (s: string, width: number) => sanitize(s, { maxLength: Math.max(8, width) });

/** A block as the step shows it: its language and what it checks, then its code (wrapped, never cut: it is what runs). */
export function blockLines(block: CodeBlock): Line[] {
  const notes = [block.expect ? `expect ${block.expect.text}` : '', block.dangerous ? 'DANGEROUS' : ''].filter(Boolean).join(', ');
  return [
    { text: `${block.lang}${notes ? `  (${notes})` : ''}`, color: block.dangerous ? 'red' : 'gray', bold: true },
    ...block.code.split('\n').map((l) => ({ text: `  ${sanitize(l, { maxLength: 2000 })}`, wrap: true })),
  ];
}

/** Up to `max` lines of what a block returned, the worst series first. */
export function outputPreview(output: ExecResult, max: number, width: number): string[] {
  let lines: string[];
  switch (output.kind) {
    case 'scalar':
      lines = [String(output.value)];
      break;
    case 'vector':
      lines = [...output.series]
        .sort((a, b) => b.value - a.value)
        .map((s) => {
          const labels = Object.entries(s.labels).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}="${v}"`).join(', ');
          return `${Number(s.value.toPrecision(4))}  {${labels}}`;
        });
      if (lines.length === 0) lines = ['(no data)'];
      break;
    case 'lines':
      lines = output.lines.length ? output.lines : ['(no lines)'];
      break;
    case 'text':
      lines = output.text.replace(/\n+$/, '').split('\n');
      break;
  }
  const shown = lines.slice(0, max).map((l) => clean(l, width));
  if (lines.length > max) shown[shown.length - 1] = `… ${lines.length - max + 1} more`;
  return shown;
}

function blockMark(b: BlockResult): StepState {
  if (b.ok === false) return 'failed';
  if (b.verdict === 'held') return 'passed';
  return b.status === 'ran' ? 'ran' : 'not-run';
}

/** The result of a step: per block its verdict and summary, then a preview of its output. */
export function resultLines(result: StepResult, options: { unicode: boolean; width: number; maxOutput: number }): Line[] {
  const out: Line[] = [];
  for (const b of result.blocks) {
    const { glyph, color } = stepMark(blockMark(b), options.unicode);
    out.push({ text: `${glyph} ${b.block.lang}: ${clean(b.summary, options.width - 4 - b.block.lang.length)}`, color });
    if (b.output) for (const l of outputPreview(b.output, options.maxOutput, options.width - 4)) out.push({ text: `    ${l}` });
  }
  if (result.blocks.length === 0) out.push({ text: result.summary, color: 'gray' });
  return out;
}
