#!/usr/bin/env node
// Single-file build for hosts with Node but no npm (bastions): `npm run bundle` writes dist/obs.mjs,
// every dependency inlined, runnable as `node obs.mjs ...` from any directory.
//
// Modules reached only through a dynamic import() (Ink, React and the views of `obs top`, each
// command's implementation) are wrapped by esbuild in lazy initialisers, so they are evaluated when
// a command asks for them, not at start-up: `obs --version` and `obs query` never evaluate Ink.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'obs.mjs');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The program of the bundle: the compiled CLI, with the version embedded (no package.json next to it).
const entry = `
const { main } = await import('./commands/main.ts');
process.exitCode = await main(process.argv.slice(2), undefined, ${JSON.stringify(version)});
`;
const FILE_URL = '__obsBundleUrl';

/**
 * Ink imports `react-devtools-core` (not installed) only when DEV=true, inside a try/catch that
 * explains how to install it. An external ESM import would be hoisted to the top of the bundle and
 * fail at start-up, so it becomes a module that throws when (and only when) it is evaluated.
 */
const withoutDevtools = {
  name: 'without-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'obs-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'obs-stub' }, () => ({
      contents: "throw new Error('react-devtools-core is not part of the single-file build');",
      loader: 'js',
    }));
  },
};

const bundled = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'obs-bundle-entry.js', loader: 'js' },
  write: false,
  outfile,
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  // The CommonJS dependencies (ws, conf's ajv...) call require() for Node's own modules.
  banner: { js: `import { createRequire as __obsCreateRequire } from 'node:module';\nconst require = __obsCreateRequire(globalThis.${FILE_URL});` },
  define: {
    // React's production build; its development build is only dead weight here.
    'process.env.NODE_ENV': '"production"',
    // The program runs from a copy (below); file-relative lookups use the bundle's own file.
    'import.meta.url': `globalThis.${FILE_URL}`,
  },
  // ws's optional native speed-ups: require()d inside try/catch, so absent is fine.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [withoutDevtools],
  logLevel: 'warning',
});

/*
 * Compiling 1.7 MB of JavaScript costs Node about 0.1 s of CPU before the first line runs, which
 * `obs --version` should not pay. So the file is a small launcher that answers --version before it
 * imports anything, with the program brotli-compressed and base64-encoded in a comment at its end (the
 * parser skips a comment almost for free, and a quarter of the bytes is less to read and skip). The
 * first command that needs the program unpacks it, once, to the user's cache directory and imports it
 * from there; where that cannot be written, it is imported from a data: URL (slower, same behaviour).
 */
const program = Buffer.from(bundled.outputFiles[0].contents);
const packed = brotliCompressSync(program, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: program.length } });
const hash = createHash('sha256').update(program).digest('hex').slice(0, 16);
const MARKER = 'OBS-PROGRAM ';
const launcher = `#!/usr/bin/env node
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(${JSON.stringify(`${version}\n`)});
} else {
  globalThis.${FILE_URL} = import.meta.url;
  await import(await programUrl());
}
async function programUrl() {
  const [{ existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync }, { homedir }, { join }, { pathToFileURL }, { brotliDecompressSync }] =
    await Promise.all([import('node:fs'), import('node:os'), import('node:path'), import('node:url'), import('node:zlib')]);
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'obs');
  const file = join(dir, 'program-${version}-${hash}.mjs');
  if (existsSync(file)) return pathToFileURL(file).href;
  const self = readFileSync(new URL(import.meta.url), 'latin1');
  const program = brotliDecompressSync(Buffer.from(self.slice(self.lastIndexOf('/*${MARKER}') + ${MARKER.length + 2}, self.lastIndexOf('*/')), 'base64'));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = file + '.' + process.pid;
    writeFileSync(partial, program, { mode: 0o600 });
    renameSync(partial, file);
    // Other builds' copies are left from earlier versions: only this one is used from now on.
    for (const name of readdirSync(dir)) if (/^program-.*\.mjs$/.test(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    return pathToFileURL(file).href;
  } catch {
    return 'data:text/javascript;base64,' + program.toString('base64');
  }
}
/*${MARKER}${packed.toString('base64')}*/
`;
writeFileSync(outfile, launcher);
chmodSync(outfile, 0o755);
const kib = (statSync(outfile).size / 1024).toFixed(0);
process.stdout.write(`bundle: ${relative(process.cwd(), outfile)} (${kib} KiB, obs ${version})\n`);
