/**
 * The first two letters, case folded, of a set of words: a quick "no" for most tokens before a
 * word is cut out, folded and looked up. Level names, month and day names are a few dozen words;
 * the tokens of a line that start like one of them are few.
 */
export class WordStarts {
  private readonly table = new Uint8Array(128 * 128);

  /** Words of at least two characters. */
  constructor(words: Iterable<string>) {
    for (const word of words) this.table[key(word, 0)] = 1;
  }

  /** False when text from `at` on (two characters or more) cannot be one of the words, in any case. */
  may(text: string, at: number): boolean {
    return this.table[key(text, at)] === 1;
  }
}

function key(text: string, at: number): number {
  return ((text.charCodeAt(at) | 32) & 127) * 128 + ((text.charCodeAt(at + 1) | 32) & 127);
}
