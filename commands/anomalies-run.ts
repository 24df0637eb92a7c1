import { readFile } from 'node:fs/promises';
import { Detector } from '../src/anomaly/detector.js';
import { readSeriesCsv, SeriesFileError } from '../src/anomaly/csv.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

export interface AnomalyFlags {
  file?: string;
  emit?: string;
}

export async function runAnomalies(s: Session, o: AnomalyFlags): Promise<void> {
  if (o.file === undefined) throw new ExitWith(EXIT.usage, 'obs anomalies needs --file FILE.csv (the live mode is not built yet)');
  if (o.emit !== 'scores') throw new ExitWith(EXIT.usage, `--emit ${o.emit}: only "scores" is supported`);
  await emitScores(s, o.file);
}

/** One JSON line per row, written in chunks so a large file streams instead of piling up. */
async function emitScores(s: Session, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ExitWith(EXIT.usage, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const detector = new Detector();
  let chunk = '';
  try {
    for (const row of readSeriesCsv(text)) {
      const score = detector.push(row.timeMs, row.value);
      chunk += `{"timestamp":${JSON.stringify(row.timestamp)},"value":${row.value},"score":${score}}\n`;
      if (chunk.length > 1 << 16) {
        s.io.stdout.write(chunk);
        chunk = '';
      }
    }
  } catch (err) {
    if (err instanceof SeriesFileError) throw new ExitWith(EXIT.usage, `${file}:${err.line}: ${err.message}`);
    throw err;
  }
  s.io.stdout.write(chunk);
}
