/**
 * JUnit XML for CI test reports: one testcase per SLO (classname = service). BREACHED is a
 * <failure>, NO_DATA an <error> (the check could not run), WARNING passes with its reasons in
 * <system-out>.
 */
import type { SloResult } from '../assess.js';
import type { SloReport } from '../evaluate.js';
import { decimal, instant, percent } from '../format.js';

export function formatJunit(report: SloReport): string {
  const count = (v: string) => report.results.filter((r) => r.verdict === v).length;
  const attrs = `name="obs slo check" tests="${report.results.length}" failures="${count('BREACHED')}" errors="${count('NO_DATA')}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs} skipped="0" timestamp="${xml(instant(report.at))}">`,
    ...report.results.flatMap(testcase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testcase(r: SloResult): string[] {
  const open = `    <testcase classname="${xml(r.slo.service)}" name="${xml(r.slo.name)}" time="0">`;
  const message = `${r.verdict}: ${r.reasons.join('; ')}`;
  const body = xml([summary(r), ...r.reasons].join('\n'));
  switch (r.verdict) {
    case 'BREACHED':
      return [open, `      <failure type="BREACHED" message="${xml(message)}">${body}</failure>`, '    </testcase>'];
    case 'NO_DATA':
      return [open, `      <error type="NO_DATA" message="${xml(message)}">${body}</error>`, '    </testcase>'];
    case 'WARNING':
      return [open, `      <system-out>${xml(`${message}\n${summary(r)}`)}</system-out>`, '    </testcase>'];
    case 'OK':
      return [open, `      <system-out>${xml(summary(r))}</system-out>`, '    </testcase>'];
  }
}

function summary(r: SloResult): string {
  return (
    `objective ${percent(r.slo.objective)} over ${r.slo.period.label}; SLI ${percent(r.sli)}; ` +
    `budget remaining ${percent(r.budget?.remaining ?? null, 1)}; burn rate (1h) ${decimal(r.currentBurn)}; ` +
    `data coverage ${percent(r.coverage?.ratio ?? null, 1)}`
  );
}

/** Escape for XML text and attributes, dropping characters XML 1.0 cannot carry at all. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
