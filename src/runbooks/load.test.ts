import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRunbook, lintRunbookFiles, loadRunbooks, runbookFiles } from './load.js';

const rb = (title: string) => `---\ntitle: ${title}\nmatch:\n  services: [x]\n---\n1. step\n`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obs-runbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadRunbooks', () => {
  it('reads *.md files in order, skips README.md and missing directories', async () => {
    const local = dirWith({ 'b.md': rb('B local'), 'a.md': rb('A'), 'README.md': '# How to write runbooks', 'notes.txt': 'x' });
    expect((await runbookFiles(local)).map((f) => f.slice(local.length + 1))).toEqual(['a.md', 'b.md']);
    const { runbooks, problems } = await loadRunbooks([local, join(local, 'missing')]);
    expect(problems).toEqual([]);
    expect(runbooks.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('lets an earlier directory win for the same name, and reports broken files without dropping the rest', async () => {
    const local = dirWith({ 'b.md': rb('B local') });
    const config = dirWith({ 'b.md': rb('B config'), 'c.md': rb('C'), 'broken.md': '# no front matter\n1. x\n' });
    const { runbooks, problems } = await loadRunbooks([local, config]);
    expect(runbooks.map((r) => r.title)).toEqual(['B local', 'C']);
    expect(problems).toMatchObject([{ file: join(config, 'broken.md'), line: 1, severity: 'error' }]);
  });

  it('finds a runbook by name or title', async () => {
    const dir = dirWith({ 'payments-db-latency.md': rb('Payments database latency') });
    mkdirSync(join(dir, 'a-directory.md'));
    const { runbooks } = await loadRunbooks([dir]);
    expect(runbooks).toHaveLength(1);
    expect(findRunbook(runbooks, 'payments-db-latency')?.title).toBe('Payments database latency');
    expect(findRunbook(runbooks, 'Payments-DB-Latency.md')?.name).toBe('payments-db-latency');
    expect(findRunbook(runbooks, 'payments database latency')?.name).toBe('payments-db-latency');
    expect(findRunbook(runbooks, 'nope')).toBeUndefined();
  });

  it('lints given files, problems in file order', async () => {
    const dir = dirWith({ 'ok.md': rb('Fine'), 'bad.md': '---\ntitle: T\nmatch:\n  alerts: [A]\n---\n1. s\n   ```promql expect="~ 1"\n   up\n   ```\n' });
    const problems = await lintRunbookFiles([join(dir, 'ok.md'), join(dir, 'bad.md')]);
    expect(problems).toMatchObject([{ file: join(dir, 'bad.md'), line: 7, severity: 'error' }]);
  });
});
