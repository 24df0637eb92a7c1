import { describe, expect, it } from 'vitest';
import { unquoteGo } from './go-string.js';

describe('unquoteGo', () => {
  it('reads interpreted and raw literals with the quotes it is given', () => {
    expect(unquoteGo('"tab\\there \\u00e9\\x41\\101"', '"`')).toBe('tab\there éAA');
    expect(unquoteGo('`raw\\n`', '"`')).toBe('raw\\n');
    expect(unquoteGo("'q'", '"`')).toBeUndefined();
    expect(unquoteGo("'q\\'s'", '"\'`')).toBe("q's");
  });

  it('refuses what Go refuses instead of throwing', () => {
    for (const bad of ['"\\U00110000"', '"\\ud800"', '"\\q"', '"\\x4"', '"open', '"\\"']) expect(unquoteGo(bad, '"')).toBeUndefined();
  });
});
