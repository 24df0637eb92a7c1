import { describe, expect, it } from 'vitest';
import { jsonObjectOf } from './json-line.js';

describe('jsonObjectOf', () => {
  it('reads a line holding a JSON object, once for two readers in turn', () => {
    const line = ' {"msg":"started","level":"info"}';
    const first = jsonObjectOf(line);
    expect(first).toEqual({ msg: 'started', level: 'info' });
    expect(jsonObjectOf(line)).toBe(first);
    expect(jsonObjectOf('{"msg":"stopped"}')).toEqual({ msg: 'stopped' });
  });

  it('gives nothing for other lines, broken JSON included', () => {
    expect(jsonObjectOf('plain text')).toBeUndefined();
    expect(jsonObjectOf('[1,2]')).toBeUndefined();
    expect(jsonObjectOf('{"msg":')).toBeUndefined();
    expect(jsonObjectOf('{"msg":')).toBeUndefined();
  });
});
