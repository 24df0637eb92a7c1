#!/usr/bin/env node
// Launcher: answers --version without loading the command tree, else runs the compiled CLI.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else {
  // React (under Ink) runs its slower development build unless told otherwise.
  process.env.NODE_ENV ??= 'production';
  const { main } = await import('../dist/commands/main.js');
  process.exitCode = await main(args, undefined, version);
}
