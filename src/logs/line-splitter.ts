/**
 * Lines from chunks of bytes as they arrive (a file or standard input), each handed to a callback:
 * no promise or event per line, and no line decoded twice. A line ends at LF, CRLF or a lone CR,
 * as Node's readline ends them; the bytes are UTF-8 (LF and CR never occur inside a multi-byte
 * character, so a line is decoded whole). Bytes that are all ASCII are decoded as Latin-1, which
 * gives the same text for less work than UTF-8's decoder.
 */
import { isAscii } from 'node:buffer';

const LF = 10;
const CR = 13;

export class LineSplitter {
  /** Bytes after the last line end, waiting for the rest of their line. */
  private rest?: Buffer;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let bytes = chunk;
    if (this.rest) {
      bytes = Buffer.concat([this.rest, chunk]);
      this.rest = undefined;
    }
    const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
    const done = bytes.includes(CR) ? this.splitAny(bytes, encoding) : this.splitLf(bytes, encoding);
    if (done < bytes.length) this.rest = bytes.subarray(done);
  }

  /** The last line, when the input does not end with a line end. */
  end(): void {
    if (!this.rest) return;
    const rest = this.rest;
    this.rest = undefined;
    const end = rest[rest.length - 1] === CR ? rest.length - 1 : rest.length;
    this.onLine(rest.toString('utf8', 0, end));
  }

  /** Lines ended by LF alone; returns where the unfinished line starts. */
  private splitLf(bytes: Buffer, encoding: BufferEncoding): number {
    let start = 0;
    for (let end = bytes.indexOf(LF); end >= 0; end = bytes.indexOf(LF, start)) {
      this.onLine(bytes.toString(encoding, start, end));
      start = end + 1;
    }
    return start;
  }

  /** Lines ended by LF, CRLF or CR; a CR at the very end waits to see whether an LF follows. */
  private splitAny(bytes: Buffer, encoding: BufferEncoding): number {
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b !== LF && b !== CR) continue;
      if (b === CR && i + 1 === bytes.length) return start;
      this.onLine(bytes.toString(encoding, start, i));
      if (b === CR && bytes[i + 1] === LF) i++;
      start = i + 1;
    }
    return start;
  }
}
