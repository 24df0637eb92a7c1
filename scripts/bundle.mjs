#!/usr/bin/env node
// Single-file build for hosts with Node but no npm (bastions): `npm run bundle` writes dist/obs.mjs,
// every dependency inlined, runnable as `node obs.mjs ...` from any directory.
//
// Modules reached only through a dynamic import() (Ink, React and the views of `obs top`, each
// command's implementation) are wrapped by esbuild in lazy initialisers, so they are evaluated when
// a command asks for them, not at start-up: `obs --version` and `obs query` never evaluate Ink.
import { build } from 'esbuild';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'obs.mjs');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The launcher of the bundle: bin/obs.js, with the version embedded (no package.json next to it).
const entry = `
const version = ${JSON.stringify(version)};
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(version + '\\n');
} else {
  const { main } = await import('./commands/main.ts');
  process.exitCode = await main(args, undefined, version);
}
`;

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

await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'obs-bundle-entry.js', loader: 'js' },
  outfile,
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  // The CommonJS dependencies (ws, conf's ajv...) call require() for Node's own modules.
  banner: { js: `#!/usr/bin/env node\nimport { createRequire as __obsCreateRequire } from 'node:module';\nconst require = __obsCreateRequire(import.meta.url);` },
  // React's production build; its development build is only dead weight here.
  define: { 'process.env.NODE_ENV': '"production"' },
  // ws's optional native speed-ups: require()d inside try/catch, so absent is fine.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [withoutDevtools],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
const kib = (statSync(outfile).size / 1024).toFixed(0);
process.stdout.write(`bundle: ${relative(process.cwd(), outfile)} (${kib} KiB, obs ${version})\n`);
