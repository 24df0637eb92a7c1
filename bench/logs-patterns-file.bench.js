// Whole-process `obs logs patterns --file` on a large corpus of many formats (see log-corpus.js:
// over 1,000 distinct events, headers of every common kind, JSON and logfmt), as a user runs it:
// start-up, reading the file, parsing headers, mining and printing the JSON report all count.
// Also the grouping accuracy of the same miner on that corpus, whose events are known.
// Usage: node bench/logs-patterns-file.bench.js [lines]   (default 1,000,000; needs `npm run build`)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupingAccuracy, parseInputLine, PatternMiner } from '../dist/src/logs/index.js';
import { writeCorpus } from './log-corpus.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const total = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-corpus-'));
const file = path.join(dir, 'corpus.log');

try {
  const { events, distinct } = writeCorpus(file, total);
  const bytes = fs.statSync(file).size;

  // /usr/bin/time gives the child's CPU time and peak RSS; without it, wall time only.
  const timed = fs.existsSync('/usr/bin/time');
  const args = [path.join(root, 'bin/obs.js'), 'logs', 'patterns', '--file', file, '-o', 'json'];
  const wallStart = process.hrtime.bigint();
  const run = timed
    ? spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  if (run.status !== 0) {
    console.error(`logs-patterns-file: obs exited ${run.status}: ${run.stderr}`);
    process.exit(1);
  }
  const report = JSON.parse(run.stdout);
  const [, user, sys, maxKb] = timed ? run.stderr.trim().split('\n').pop().split(' ').map(Number) : [];
  const cpu = timed ? user + sys : undefined;

  // Grouping accuracy of the same path (header, message, miner) in this process.
  const miner = new PatternMiner();
  const ids = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line) ids.push(miner.add(parseInputLine(line).message).clusterId);
  const ga = groupingAccuracy(ids.map((id) => miner.resolve(id) ?? -id), events);

  const rate = (s) => `${Math.round(total / s).toLocaleString('en-US')} lines/s`;
  console.log('logs-patterns-file: obs logs patterns --file, whole process, one thread, mixed formats');
  console.log(`  lines          ${total.toLocaleString('en-US')} (${(bytes / 1e6).toFixed(0)} MB, ${distinct.toLocaleString('en-US')} distinct events)`);
  console.log(`  patterns       ${report.patterns.length.toLocaleString('en-US')} (lines read ${report.lines.toLocaleString('en-US')})`);
  console.log(`  grouping       GA ${ga.toFixed(3)} against the corpus's events`);
  console.log(`  time           ${wall.toFixed(2)} s wall${cpu !== undefined ? `, ${cpu.toFixed(2)} s CPU` : ''}`);
  console.log(`  throughput     ${rate(wall)} wall${cpu !== undefined ? `, ${rate(cpu)} CPU time` : ''} (target >= 500,000)`);
  if (maxKb !== undefined) console.log(`  peak RSS       ${(maxKb / 1024).toFixed(0)} MB`);
  console.log(`  load average   ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs (wall figures suffer on a busy machine)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
