/**
 * A few dozen ASCII words (level names, month and day names, level keys) looked up where they sit
 * in a line, in any letter case, without cutting the token out and folding it: most tokens are
 * ruled out by their first two characters, the rest compared in place.
 */
export class WordSet {
  /** By the first two characters, folded (see key): 1 + the index in `groups` of the words starting so, or 0. */
  private readonly table = new Uint8Array(128 * 128);
  private readonly groups: string[][] = [];

  /** Lower-case ASCII words of at least two characters. */
  constructor(words: Iterable<string>) {
    for (const word of words) {
      const k = key(word, 0);
      if (this.table[k] === 0) this.table[k] = this.groups.push([]);
      this.groups[this.table[k]! - 1]!.push(word);
    }
  }

  /** False when text from `at` on cannot start one of the words. */
  mayStart(text: string, at: number): boolean {
    return this.table[key(text, at)] !== 0;
  }

  /** The word that text[from, to) is, compared without letter case, or undefined. */
  find(text: string, from: number, to: number): string | undefined {
    const group = this.table[key(text, from)]!;
    if (group === 0) return undefined;
    for (const word of this.groups[group - 1]!) if (word.length === to - from && sameFolded(text, from, word)) return word;
    return undefined;
  }
}

/** The first two characters, folded, as a table index (a character past the end reads as NaN, so 0). */
function key(text: string, at: number): number {
  return (fold(text.charCodeAt(at)) & 127) * 128 + (fold(text.charCodeAt(at + 1)) & 127);
}

/** Whether text from `at` on reads `word` once folded. */
function sameFolded(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (fold(text.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/** A character as toLowerCase lowers it into ASCII: A-Z, and the Kelvin sign to k. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c === 0x212a ? 107 : c;
}

/** Whether text[from, to) has no lower-case ASCII letter (`ERROR`, not `Error`). */
export function noLowerCase(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}
