/** Loading SLO specs: files and directories of (multi-document) YAML in OpenSLO v1 or Sloth format. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments, type Node } from 'yaml';
import { readOpenSloSlo } from './openslo.js';
import { readSlothSpec } from './sloth.js';
import { SpecError, SpecNode, type SpecProblem } from './spec-node.js';
import type { SloDefinition } from './types.js';

export interface SloSourceText {
  file: string;
  text: string;
}

export interface SloLoadResult {
  slos: SloDefinition[];
  /** Everything wrong, each with file:line; an SLO with a problem is left out of `slos`. */
  problems: SpecProblem[];
}

type Reader = () => SloDefinition[];

/** Parse spec texts (pure). SLI documents may be referenced from any of the sources. */
export function parseSloSources(sources: SloSourceText[]): SloLoadResult {
  const problems: SpecProblem[] = [];
  const readers: Reader[] = [];
  const slis = new Map<string, SpecNode>();

  for (const { file, text } of sources) {
    const lines = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
      if (doc.errors.length > 0) {
        for (const e of doc.errors) {
          const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
          problems.push({ file, line: pos.line, column: pos.col, message: `invalid YAML: ${e.message.split('\n')[0]}` });
        }
        continue;
      }
      const root = SpecNode.root({ file, lines }, doc.contents as Node | null);
      if (doc.contents === null || (!root.isMap() && (doc.contents as { value?: unknown }).value == null)) continue;
      try {
        classify(root, readers, slis);
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        problems.push(...e.problems);
      }
    }
  }

  const slos: SloDefinition[] = [];
  const seen = new Map<string, SloDefinition>();
  for (const read of readers) {
    try {
      for (const slo of read()) {
        const earlier = seen.get(slo.name);
        if (earlier) {
          problems.push({ ...slo.source, message: `SLO name "${slo.name}" is already used at ${earlier.source.file}:${earlier.source.line}` });
          continue;
        }
        seen.set(slo.name, slo);
        slos.push(slo);
      }
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      problems.push(...e.problems);
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { slos, problems };
}

function classify(doc: SpecNode, readers: Reader[], slis: Map<string, SpecNode>): void {
  if (!doc.isMap()) doc.fail('expected a mapping (an OpenSLO or Sloth document)');
  const apiVersion = doc.optionalString('apiVersion');
  const kind = doc.optionalString('kind');
  if (apiVersion?.startsWith('openslo/')) {
    if (apiVersion !== 'openslo/v1') doc.require('apiVersion').fail(`only openslo/v1 is supported (got ${apiVersion})`);
    if (kind === 'SLO') readers.push(() => readOpenSloSlo(doc, (name) => slis.get(name)));
    if (kind === 'SLI') {
      const name = doc.require('metadata').require('name');
      if (slis.has(name.string())) name.fail(`an SLI named "${name.string()}" was already loaded`);
      slis.set(name.string(), doc.require('spec'));
    }
    return; // Service, DataSource, AlertPolicy...: nothing to evaluate
  }
  if (doc.optionalString('version') === 'prometheus/v1') {
    readers.push(() => readSlothSpec(doc));
    return;
  }
  if (apiVersion === 'sloth.slok.dev/v1' && kind === 'PrometheusServiceLevel') {
    readers.push(() => readSlothSpec(doc.require('spec')));
    return;
  }
  if (apiVersion && kind) return; // another Kubernetes object living next to the specs
  doc.fail('not an SLO spec: expected apiVersion: openslo/v1 (kind: SLO or SLI) or Sloth\'s version: "prometheus/v1"');
}

/** Read files and directories (recursively: every *.yaml and *.yml, in name order), then parse. */
export async function loadSloFiles(paths: string[]): Promise<SloLoadResult> {
  const sources: SloSourceText[] = [];
  const problems: SpecProblem[] = [];
  // A file reached twice (a directory and a file in it, overlapping globs, a symlink) is one spec, read once.
  const read = new Set<string>();
  for (const path of paths) {
    try {
      const files = (await stat(path)).isDirectory() ? await yamlFilesUnder(path) : [path];
      if (files.length === 0) problems.push({ file: path, line: 0, column: 0, message: 'no .yaml or .yml files in this directory' });
      for (const file of files) {
        const real = await realpath(file);
        if (read.has(real)) continue;
        read.add(real);
        sources.push({ file, text: await readFile(file, 'utf8') });
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ file: path, line: 0, column: 0, message: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}` });
    }
  }
  const parsed = parseSloSources(sources);
  return { slos: parsed.slos, problems: [...problems, ...parsed.problems] };
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await yamlFilesUnder(path)));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files;
}
