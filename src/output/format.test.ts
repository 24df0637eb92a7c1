import { beforeAll, describe, expect, it } from 'vitest';
import { fieldColumns, formatValue, loadRenderer, rawNumber, renderCsv, renderJson, renderTable, renderYaml, rfc3339 } from './format.js';

describe('numbers for reading and numbers as data', () => {
  it('rounds a value of unknown meaning without SI suffixes, so a timestamp stays a timestamp', () => {
    expect(formatValue(1796580000)).toBe('1796580000');
    expect(formatValue(1234.56789)).toBe('1234.57');
    expect(formatValue(0.000123456789)).toBe('0.000123457');
    expect(formatValue(NaN)).toBe('NaN');
  });

  it('keeps data unrounded, with Prometheus spellings and RFC3339 times', () => {
    expect(rawNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(rawNumber(Infinity)).toBe('+Inf');
    expect(rfc3339(Date.UTC(2026, 11, 7, 3, 0, 0))).toBe('2026-12-07T03:00:00.000Z');
  });
});

describe('tables and CSV', () => {
  beforeAll(() => loadRenderer('table'));
  const rows = [{ id: '5b2c8e4a-1111-4c1e-9a1b-0d6f0c1e2a3b', at: Date.UTC(2026, 11, 7), note: 'a note long enough to be cut when the terminal is narrow' }];
  const columns = [
    { header: 'ID', value: (r: (typeof rows)[0]) => r.id, whole: true },
    { header: 'WHEN', value: () => '3m ago', raw: (r: (typeof rows)[0]) => rfc3339(r.at) },
    { header: 'NOTE', value: (r: (typeof rows)[0]) => r.note },
  ];

  it('cuts other columns before a whole one', () => {
    const table = renderTable(rows, columns, { width: 60 });
    expect(table).toContain(rows[0].id);
    expect(table).toContain('…');
  });

  it('measures columns in terminal cells, so a CJK name lines up and fits whole where it has the room', () => {
    const names = [{ service: '支付服务-gateway', rps: '2.05' }, { service: 'frontend', rps: '84' }];
    const table = renderTable(names, [{ header: 'SERVICE', value: (r: (typeof names)[0]) => r.service }, { header: 'RPS', value: (r: (typeof names)[0]) => r.rps }], { width: 40 });
    const [, cjk, ascii] = table.split('\n');
    expect(cjk).toContain('支付服务-gateway');
    // The RPS column starts in the same terminal cell on both rows (each CJK character takes two).
    const cellsBefore = (line: string, text: string) => line.slice(0, line.indexOf(text)).length + [...line.slice(0, line.indexOf(text))].filter((c) => /\p{Script=Han}/u.test(c)).length;
    expect(cellsBefore(cjk!, '2.05')).toBe(cellsBefore(ascii!, '84'));
  });

  it('writes the raw value to CSV when a column has one', () => {
    expect(renderCsv(rows, columns).split('\n')[1]).toBe(`${rows[0].id},2026-12-07T00:00:00.000Z,${rows[0].note}`);
  });
});

describe('YAML', () => {
  beforeAll(() => loadRenderer('yaml'));

  it('writes C0, DEL and C1 controls as escapes in double quotes, so the data stays exact', async () => {
    const { parse } = await import('yaml');
    const value = { 'k\x9b': 'a\x9b2Jb\x7f\x85\x1b[0m\x07' };
    const text = renderYaml(value);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(parse(text)).toEqual(value);
  });
});

describe('JSON', () => {
  it('keeps Prometheus spellings of NaN and infinities, and bigints as strings', () => {
    expect(renderJson({ value: NaN, bounds: [Infinity, -Infinity], bytes: 2n ** 64n, ok: 1 }, false)).toBe('{"value":"NaN","bounds":["+Inf","-Inf"],"bytes":"18446744073709551616","ok":1}');
  });

  it('writes nulls, and text that says null, as they are', () => {
    expect(renderJson({ endsAt: null, summary: 'nullable column' }, false)).toBe('{"endsAt":null,"summary":"nullable column"}');
  });

  it('writes DEL and C1 controls (U+009B is a CSI) as escapes, as JSON.stringify does C0, so the data stays exact', () => {
    const text = renderJson({ line: 'a\x9b2Jb\x7f\x85\x1b[0m' }, false);
    expect(text).toBe('{"line":"a\\u009b2Jb\\u007f\\u0085\\u001b[0m"}');
    expect(JSON.parse(text).line).toBe('a\x9b2Jb\x7f\x85\x1b[0m');
  });

  it('is indented for people and compact for pipes', () => {
    expect(renderJson({ a: [1] }, true)).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(renderJson({ a: [1] }, false)).toBe('{"a":[1]}');
  });
});

describe('CSV of rows shaped as JSON', () => {
  it('has a column per field, numbers unrounded with Prometheus spellings, and an empty cell for null or missing', () => {
    const rows = [{ service: 'api', ratio: 0.19999999999999796, p99: null, burn: Infinity }, { service: 'db', ratio: NaN }];
    expect(renderCsv(rows, fieldColumns<(typeof rows)[number]>(['service', 'ratio', 'p99', 'burn']))).toBe('service,ratio,p99,burn\napi,0.19999999999999796,,+Inf\ndb,NaN,,');
  });
});
