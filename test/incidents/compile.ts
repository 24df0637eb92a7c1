import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Transpile one source module and everything it imports relatively into a temporary directory,
 * so a child `node` process can run the current source (not a possibly stale dist/). Returns the
 * path of the compiled entry.
 */
export function compileForChild(entry: string, root = process.cwd()): string {
  const out = mkdtempSync(join(tmpdir(), 'obs-compiled-'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const pending = [resolve(root, entry)];
  const done = new Set<string>();
  while (pending.length) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const m of outputText.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)\.js['"]/g)) pending.push(resolve(dirname(file), `${m[1]}.ts`));
  }
  return join(out, relative(root, entry)).replace(/\.ts$/, '.js');
}
