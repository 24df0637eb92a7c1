// Speed and memory of the log-pattern miner on a mixed corpus of realistic lines: the LogHub dev
// set's lines (HDFS, Hadoop, OpenSSH, Proxifier) with every parameter given a fresh value.
// Usage: node bench/logs-patterns.bench.js [lines]   (default 1,000,000; needs `npm run build`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PatternMiner, extractParameters } from '../dist/src/logs/index.js';
import { readStructured } from '../dist/src/logs/loghub.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasets = path.resolve(root, '../shared/datasets/loghub');
const SYSTEMS = ['HDFS', 'Hadoop', 'OpenSSH', 'Proxifier'];
const total = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 10_000;

// Deterministic PRNG (mulberry32) so every run times the same corpus.
let seed = 0x5eed;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (chars) => chars[Math.floor(random() * chars.length)];

// A fresh value of the same shape: digits stay digits, hex stays hex, letters stay letters (but
// not in values of several words, such as "(1.16 KB)" or "<1 sec", whose words are units).
function fresh(value) {
  const hex = /^[0-9a-fA-F]+$/.test(value);
  const words = /\s/.test(value.trim());
  let out = '';
  for (const c of value) {
    if (c >= '0' && c <= '9') out += pick('0123456789');
    else if (words) out += c;
    else if (c >= 'a' && c <= 'z') out += pick(hex ? 'abcdef' : 'abcdefghijklmnopqrstuvwxyz');
    else if (c >= 'A' && c <= 'Z') out += pick(hex ? 'ABCDEF' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    else out += c;
  }
  return out;
}

const sources = [];
for (const system of SYSTEMS) {
  const file = path.join(datasets, system, `${system}_2k.log_structured.csv`);
  if (!fs.existsSync(file)) {
    console.error(`logs-patterns bench: ${file} is missing (the LogHub dev set lives in ../shared/datasets/loghub)`);
    process.exit(2);
  }
  for (const row of readStructured(fs.readFileSync(file, 'utf8'))) {
    const params = extractParameters(row.eventTemplate, row.content);
    sources.push(params ? { literals: row.eventTemplate.split('<*>'), params } : { line: row.content });
  }
}

function generate(n) {
  const lines = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = sources[Math.floor(random() * sources.length)];
    if (s.line !== undefined) {
      lines[i] = s.line;
      continue;
    }
    let line = s.literals[0];
    for (let k = 0; k < s.params.length; k++) line += fresh(s.params[k]) + s.literals[k + 1];
    lines[i] = line;
  }
  return lines;
}

// The corpus is generated first, as bytes like a file read into memory (off the JS heap, so it
// neither costs the timed part anything nor weighs on the heap), then mined line by line.
const chunks = [];
let bytes = 0;
for (let done = 0; done < total; done += CHUNK) {
  const text = generate(Math.min(CHUNK, total - done)).join('\n') + '\n';
  const chunk = Buffer.from(text, 'utf8');
  bytes += chunk.length;
  chunks.push(chunk);
}

function mine(miner, chunk) {
  for (let start = 0, end; (end = chunk.indexOf(10, start)) >= 0; start = end + 1) {
    miner.add(chunk.toString('utf8', start, end));
  }
}

// Warm-up on a throwaway miner so that the timed run measures compiled code, not the JIT.
mine(new PatternMiner(), chunks[0]);

const miner = new PatternMiner();
const cpuStart = process.cpuUsage();
const wallStart = process.hrtime.bigint();
for (const chunk of chunks) mine(miner, chunk);
const wallNs = process.hrtime.bigint() - wallStart;
const cpuUsed = process.cpuUsage(cpuStart);
const cpuUs = cpuUsed.user + cpuUsed.system;
const wall = Number(wallNs) / 1e9;
const cpu = cpuUs / 1e6;
const peakRss = process.resourceUsage().maxRSS / 1024; // kB -> MB
const rate = (seconds) => `${Math.round(total / seconds).toLocaleString('en-US')} lines/s`;
console.log('logs-patterns: mixed LogHub-shaped corpus, fresh parameter values, one thread');
console.log(`  lines          ${total.toLocaleString('en-US')} (${(bytes / 1e6).toFixed(0)} MB of text, ${sources.length} source lines from ${SYSTEMS.join(', ')})`);
console.log(`  patterns       ${miner.size}`);
console.log(`  mining time    ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (generation excluded, reading lines from bytes included)`);
console.log(`  throughput     ${rate(wall)} wall, ${rate(cpu)} CPU time (target >= 500,000)`);
console.log(`  peak RSS       ${peakRss.toFixed(0)} MB (target < 300 MB)`);
console.log(`  load average   ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs (wall figures suffer on a busy machine)`);
