// Accuracy of the default pattern miner on the LogHub development set (../shared/datasets/loghub),
// one configuration for every system, against LogHub-2.0's corrected labels: GA, FGA and PA on the
// Content column, and GA on the raw lines read as `obs logs patterns --file` reads them.
// Usage: node bench/loghub-accuracy.bench.js [--misses N]   (needs `npm run build`)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureAccuracy } from '../dist/src/logs/accuracy.js';
import { readStructured } from '../dist/src/logs/loghub.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasets = path.resolve(root, '../shared/datasets/loghub');
const SYSTEMS = ['HDFS', 'Hadoop', 'OpenSSH', 'Proxifier'];

if (!fs.existsSync(datasets)) {
  console.error(`loghub-accuracy: ${datasets} is missing (the LogHub dev set lives in ../shared/datasets/loghub)`);
  process.exit(2);
}
const rows = [];
const sum = { ga: 0, fga: 0, pa: 0, rawGa: 0 };
for (const system of SYSTEMS) {
  const dir = path.join(datasets, system);
  const labelled = readStructured(fs.readFileSync(path.join(dir, `${system}_2k.log_structured_corrected.csv`), 'utf8'));
  const raw = fs.readFileSync(path.join(dir, `${system}_2k.log`), 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  if (raw[raw.length - 1] === '') raw.pop();
  const a = measureAccuracy(labelled, raw);
  for (const k of Object.keys(sum)) sum[k] += a[k];
  rows.push([system, a.ga, a.fga, a.pa, a.rawGa]);
}
rows.push(['mean', ...Object.values(sum).map((v) => v / SYSTEMS.length)]);
console.log('loghub-accuracy: default configuration, LogHub-2.0 corrected labels, 2,000 lines per system');
console.log('| system | GA (Content) | FGA (Content) | PA (Content) | GA (raw lines) |');
console.log('|---|---|---|---|---|');
for (const [name, ...v] of rows) console.log(`| ${name} | ${v.map((x) => x.toFixed(3)).join(' | ')} |`);
