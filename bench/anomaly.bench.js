// Throughput and memory of the online anomaly detector (src/anomaly), offline on one core: points
// scored per second, for the NAB dev files read back to back and for a long synthetic series (daily
// wave + noise + a level shift, 5-minute samples), and the heap held per series when 600 detectors
// (200 services x 3 signals) have each seen a week. Target: >= 1,000,000 points/s.
// Usage: node --expose-gc bench/anomaly.bench.js   (needs `npm run build`)
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Detector } from '../dist/src/anomaly/detector.js';
import { readSeriesCsv } from '../dist/src/anomaly/csv.js';

const NAB = new URL('../../shared/datasets/nab/data', import.meta.url).pathname;
const FIVE_MINUTES = 300_000;

function scoreAll(times, values) {
  const detector = new Detector();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += detector.push(times[i], values[i]);
  return sum;
}

// Throughput of a scorer that has been running a while. Timed without the forced full GC that
// measure() does before each run: that GC throws away V8's optimised code, so every run of the
// NAB files (114k points, ~0.1 s) would be spent mostly warming up again and read half the speed
// of the same work in a process of its own. The first (cold) run is printed too.
function report(label, times, values) {
  const runs = 5;
  const wall = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    scoreAll(times, values);
    const u = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((u.user + u.system) / 1000);
  }
  // On a shared machine wall time counts the waits for a core; CPU time is the cost of the work.
  const rate = (ms) => (values.length / (ms / 1000) / 1e6).toFixed(2);
  const warm = cpu.slice(1).sort((a, b) => a - b);
  console.log(`${label.padEnd(46)} ${values.length.toLocaleString('en')} points, warm: best ${rate(warm[0])}, median ${rate(warm[Math.floor(warm.length / 2)])} M points/s cpu (${rate(Math.min(...wall.slice(1)))} wall); first run ${rate(cpu[0])}`);
}

// A long synthetic series.
const n = 2_000_000;
const times = new Float64Array(n);
const values = new Float64Array(n);
let seed = 42;
for (let i = 0; i < n; i++) {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  times[i] = i * FIVE_MINUTES;
  values[i] = 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 5 * (seed / 2 ** 31 - 0.5) + (i > n / 2 ? 40 : 0);
}
report('detector, synthetic 2M points', times, values);

if (existsSync(NAB)) {
  const t = [];
  const v = [];
  for (const category of readdirSync(NAB)) {
    for (const file of readdirSync(join(NAB, category))) {
      for (const row of readSeriesCsv(readFileSync(join(NAB, category, file), 'utf8'))) {
        t.push(row.timeMs);
        v.push(row.value);
      }
    }
  }
  // One detector over the concatenation: the files' own lengths are too short to time well.
  report('detector, NAB dev files back to back', t, v);
}

// Memory per series: 600 detectors, a week of 5-minute points each.
globalThis.gc?.();
const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const before = used();
const detectors = [];
for (let s = 0; s < 600; s++) {
  const d = new Detector();
  for (let i = 0; i < 2016; i++) d.push(i * FIVE_MINUTES, values[i]);
  detectors.push(d);
}
globalThis.gc?.();
const per = (used() - before) / detectors.length;
console.log(`${'detector memory per series (600 series, 1 week)'.padEnd(46)} ${(per / 1024).toFixed(1)} KiB`);
