import { describe, expect, it } from 'vitest';
import { lazyArray } from './json-lazy-array.js';

const bytes = (doc: unknown) => Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc));

describe('lazyArray', () => {
  it('hands back the elements of the array at a path one by one, and the rest of the document with it empty', () => {
    const doc = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: '1' }, values: [[1, '2']] }, { metric: {}, values: [] }] }, warnings: ['w'] };
    const lazy = lazyArray(bytes(doc), ['data', 'result'])!;
    expect(lazy.count).toBe(2);
    expect(lazy.rest).toEqual({ ...doc, data: { resultType: 'matrix', result: [] } });
    expect([...lazy.elements]).toEqual(doc.data.result);
  });

  it('is not fooled by brackets, braces, commas, quotes and keys inside strings, nor by multi-byte text', () => {
    const tricky = { metric: { 'result': '],}{[,"', path: 'C:\\dir\\', 'ünïcødé ✓': '"quoted" \u0001' }, values: [[1.5, 'NaN']] };
    const doc = { data: { note: { result: [9] }, result: [tricky, 'plain', 42, null, true, [1, [2]]] } };
    const lazy = lazyArray(bytes(JSON.stringify(doc, null, 2)), ['data', 'result'])!;
    expect([...lazy.elements]).toEqual(doc.data.result);
    expect(lazy.rest).toEqual({ data: { note: { result: [9] }, result: [] } });
  });

  it('finds an empty array, and gives each element once', () => {
    const lazy = lazyArray(bytes('{"data":{"result":[ ]}}'), ['data', 'result'])!;
    expect(lazy.count).toBe(0);
    expect([...lazy.elements]).toEqual([]);
    const once = lazyArray(bytes({ data: { result: [1, 2] } }), ['data', 'result'])!;
    expect([...once.elements]).toEqual([1, 2]);
    expect([...once.elements]).toEqual([]);
  });

  it('says undefined when the path is not an array, or the bytes are not JSON, so the caller parses whole and reports', () => {
    expect(lazyArray(bytes({ data: { result: 'x' } }), ['data', 'result'])).toBeUndefined();
    expect(lazyArray(bytes({ result: [1] }), ['data', 'result'])).toBeUndefined();
    expect(lazyArray(bytes('<html>login</html>'), ['data', 'result'])).toBeUndefined();
    expect(lazyArray(bytes('{"data":{"result":[1,2'), ['data', 'result'])).toBeUndefined();
    expect(lazyArray(bytes('{"data":{"result":[1]},oops}'), ['data', 'result'])).toBeUndefined();
  });
});
