/**
 * The values behind `obs __complete <kind>`: read from local files only (never the network, never
 * a secret command), quickly, and silently empty when something is missing or unreadable.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKENDS, type ConfigData } from '../config/types.js';
import { sanitize } from '../output/sanitize.js';
import type { Described } from './tables.js';

/** Context names, described by the backends they have (and which one is current). */
export function contextValues(config: ConfigData): Described[] {
  return Object.entries(config.contexts).map(([name, ctx]): Described => {
    const backends = BACKENDS.filter((b) => ctx[b]?.url);
    return [name, `${name === config.currentContext ? 'current; ' : ''}${backends.join(', ') || 'no backends'}`];
  });
}

/** SLO names from the spec files under `dirs` (those that exist), described by their description or service. */
export async function sloValues(dirs: string[]): Promise<Described[]> {
  const present = await existing(dirs);
  if (present.length === 0) return [];
  const { loadSloFiles } = await import('../slo/load.js');
  const { slos } = await loadSloFiles(present);
  return slos.map((s): Described => [s.name, s.description || s.service]);
}

/** Runbook names (`*.md` file names but README.md) under `dirs`, the first directory winning a name, described by their title. */
export async function runbookValues(dirs: string[]): Promise<Described[]> {
  const { parseFrontMatter } = await import('../runbooks/frontmatter.js');
  const out: Described[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const file of await listDir(dir)) {
      const name = file.replace(/\.md$/i, '');
      if (file === name || seen.has(name) || /^readme$/i.test(name)) continue;
      seen.add(name);
      const text = await readFile(join(dir, file), 'utf8').catch(() => '');
      out.push([name, parseFrontMatter(text.replace(/\r\n?/g, '\n').split('\n'), file).front.title ?? '']);
    }
  }
  return out;
}

/** IDs of the open incidents in `dir`, described by severity, status and title (a read: no lock, no write). */
export async function openIncidentValues(dir: string): Promise<Described[]> {
  const { IncidentStore } = await import('../incidents/store.js');
  const { incidents } = await new IncidentStore({ dir }).list();
  return incidents.filter((i) => i.open).map((i): Described => [i.id, `${i.severity} ${i.status}: ${i.title}`]);
}

/** `value<TAB>description` lines, what the completion scripts read. */
export function formatValues(values: Described[]): string {
  // sanitize turns tabs and line breaks into visible characters, so one value stays one line.
  const clean = (s: string) => sanitize(s, { maxLength: 120 }).trim();
  return values.map(([v, d]) => (d ? `${clean(v)}\t${clean(d)}` : clean(v))).join('\n');
}

async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => !f.startsWith('.')).sort();
}

async function existing(dirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) if ((await readdir(dir).catch(() => undefined)) !== undefined) found.push(dir);
  return found;
}
