// Forecast accuracy on the NAB dev series (../shared/datasets/nab): each series' last 20% is held
// out and forecast in one go from the first 80%, by obs' forecast (src/forecast), by the seasonal
// naive forecast (the last day again) and by predict_linear over the last day, as Prometheus would.
// Prints MASE per series (scaled by the in-sample one-step daily-naive error) and how many series
// obs beats both on. Target: at least two thirds.
// Usage: node bench/forecast-mase.bench.js   (needs `npm run build`)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSeriesCsv } from '../dist/src/anomaly/csv.js';
import { forecast } from '../dist/src/forecast/forecast.js';
import { mase, predictLinear, seasonalNaive } from '../dist/src/forecast/evaluate.js';

const NAB = new URL('../../shared/datasets/nab/data', import.meta.url).pathname;
if (!existsSync(NAB)) {
  console.log(`skipped: ${NAB} not found`);
  process.exit(0);
}
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : String(x)).padStart(16);
console.log(`${'series'.padEnd(42)}${'obs'.padStart(16)}${'seasonal naive'.padStart(16)}${'predict_linear'.padStart(16)}  season  beats both`);
let wins = 0;
let ties = 0;
let total = 0;
for (const category of readdirSync(NAB).sort()) {
  for (const file of readdirSync(join(NAB, category)).sort()) {
    const rows = [...readSeriesCsv(readFileSync(join(NAB, category, file), 'utf8'))];
    const values = rows.map((r) => r.value);
    const gaps = rows.slice(1).map((r, i) => r.timeMs - rows[i].timeMs).filter((g) => g > 0).sort((a, b) => a - b);
    const stepMs = gaps[Math.floor(gaps.length / 2)];
    const day = Math.round(86_400_000 / stepMs);
    const cut = Math.floor(values.length * 0.8);
    const history = values.slice(0, cut);
    const actual = values.slice(cut);
    const ours = mase(actual, forecast({ values: history, stepMs }, actual.length).mean, history, day);
    const naive = mase(actual, seasonalNaive(history, actual.length, day), history, day);
    const linear = mase(actual, predictLinear(history, actual.length, day), history, day);
    const season = forecast({ values: history, stepMs }, 1).season;
    const verdict = ours < naive && ours < linear ? 'yes' : ours === 0 && naive === 0 ? 'tie (all exact)' : 'no';
    total++;
    if (verdict === 'yes') wins++;
    if (verdict.startsWith('tie')) ties++;
    console.log(`${file.padEnd(42)}${fmt(ours)}${fmt(naive)}${fmt(linear)}  ${String(season).padStart(6)}  ${verdict}`);
  }
}
console.log(`obs beats both on ${wins}/${total} series (${ties} ties where every method is exact); target >= ${Math.ceil((2 * total) / 3)}`);
