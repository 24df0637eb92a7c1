import { Gunzip, Unzip, UnzipInflate } from 'fflate';
import { parseAmplitudeTime } from './dates.js';
import type { ExportedEvent } from './types.js';

const CHUNK_BYTES = 64 * 1024;

/**
 * Decode an Export API archive: a ZIP whose members are gzip files of JSON lines. The archive is
 * fed through fflate's streaming Unzip and Gunzip a chunk at a time, and the events decoded from
 * each chunk are yielded before the next is read, so the decompressed data never sits in memory
 * as a whole. Throws on a corrupt archive or a line that is not JSON.
 */
export function* decodeExport(zip: Uint8Array): Generator<ExportedEvent> {
  if (!hasEndOfCentralDirectory(zip)) throw new Error('not a complete ZIP archive (cut short, or a page from a proxy)');
  const ready: ExportedEvent[] = [];
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const lines = lineSplitter((line) => ready.push(toEvent(line)));
    if (file.name.endsWith('.gz')) {
      const gunzip = new Gunzip((chunk, final) => lines(chunk, final));
      file.ondata = (err, chunk, final) => {
        if (err) throw err;
        gunzip.push(chunk, final);
      };
    } else {
      file.ondata = (err, chunk, final) => {
        if (err) throw err;
        lines(chunk, final);
      };
    }
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let offset = 0; offset < zip.length; offset += CHUNK_BYTES) {
    unzip.push(zip.subarray(offset, offset + CHUNK_BYTES), offset + CHUNK_BYTES >= zip.length);
    yield* ready.splice(0);
  }
}

const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** A whole ZIP ends with an end-of-central-directory record ("PK\x05\x06"); the streaming reader never looks for it. */
function hasEndOfCentralDirectory(zip: Uint8Array): boolean {
  const stop = Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = zip.length - EOCD_SIZE; i >= stop; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x05 && zip[i + 3] === 0x06) return true;
  }
  return false;
}

/** Calls `onLine` for every non-empty line of a UTF-8 byte stream, however the chunks split it. */
function lineSplitter(onLine: (line: string) => void): (chunk: Uint8Array, final: boolean) => void {
  const decoder = new TextDecoder();
  let rest = '';
  return (chunk, final) => {
    const text = rest + decoder.decode(chunk, { stream: !final });
    const lines = text.split('\n');
    rest = final ? '' : lines.pop()!;
    for (const line of lines) if (line.trim()) onLine(line);
  };
}

function toEvent(line: string): ExportedEvent {
  const event = JSON.parse(line) as Record<string, unknown>;
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('_time') || typeof value !== 'string') continue;
    const ms = parseAmplitudeTime(value);
    if (ms !== undefined) event[key] = ms;
  }
  return event as ExportedEvent;
}
