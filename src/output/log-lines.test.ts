import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../backends/loki/types.js';
import { cellWidth } from './cells.js';
import { type LogLinesOptions, type LogLinesSummary, LogLinesWriter } from './log-lines.js';

const api = { service: 'api' };
const entry = (ts: string, line: string, labels: Record<string, string> = api): LogEntry => ({ ts, line, labels });
const summary: LogLinesSummary = { truncated: false, warnings: [], stats: { bytesProcessed: 10, linesProcessed: 2, execTimeSec: 0.1 } };

async function render(options: LogLinesOptions, pages: LogEntry[][], end = summary): Promise<string> {
  let out = '';
  const writer = new LogLinesWriter(options, async (text) => {
    out += text;
  });
  for (const p of pages) await writer.page(p);
  await writer.end(end);
  return out;
}

const T = '1714557600123000000';
const STACK = 'java.lang.IllegalStateException: pool exhausted\n\tat com.shop.Pool.get(Pool.java:42)\n\tat com.shop.Pay.charge(Pay.java:7)';

describe('LogLinesWriter table', () => {
  it('prints the whole line on a wide terminal, however long', async () => {
    const long = `payment failed ${'x'.repeat(180)} end`;
    const out = await render({ format: 'table', width: 240 }, [[entry(T, long)]]);
    expect(out.split('\n')[1]).toBe(`2024-05-01T10:00:00.123Z api    ${long}`);
  });

  it('folds a long line under the LINE column, at spaces, losing nothing', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = await render({ format: 'table', width: 80 }, [[entry(T, words)]]);
    const rows = out.trimEnd().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(80);
    expect(rows.slice(1).every((r) => r.startsWith(' '.repeat(32)))).toBe(true);
    expect(rows.map((r, i) => (i === 0 ? r.slice(32) : r.trim())).join(' ')).toBe(words);
  });

  it('aligns CJK and emoji streams and folds their lines by terminal cells (a wide character takes two)', async () => {
    const wide = `支付失败 ${'订单超时 '.repeat(30)}end`;
    const out = await render({ format: 'table', width: 80 }, [[entry(T, wide, { service: '支付服务' }), entry(T, 'GET / 200', { service: 'cart-🛒' }), entry(T, 'ok', { service: 'frontend' })]]);
    const rows = out.trimEnd().split('\n');
    expect(rows[0]).toBe(`${'TIME'.padEnd(24)} STREAM   LINE`);
    const lineColumn = (row: string) => cellWidth(row.slice(0, row.indexOf(row.includes('GET') ? 'GET' : row.includes('ok') ? 'ok' : '支付失败')));
    expect(rows.filter((r) => r.startsWith('2024')).map(lineColumn)).toEqual([34, 34, 34]);
    for (const r of rows) expect(cellWidth(r)).toBeLessThanOrEqual(80);
    expect(rows.filter((r) => r.startsWith(' '.repeat(34))).length).toBeGreaterThan(2);
  });

  it('keeps a stack trace readable: one row per line of the entry, indented under LINE', async () => {
    const out = await render({ format: 'table', width: 120 }, [[entry(T, STACK)]]);
    expect(out.trimEnd().split('\n')).toEqual([
      'TIME                     STREAM LINE',
      '2024-05-01T10:00:00.123Z api    java.lang.IllegalStateException: pool exhausted',
      '                                 at com.shop.Pool.get(Pool.java:42)',
      '                                 at com.shop.Pay.charge(Pay.java:7)',
    ]);
  });

  it('--raw prints the entry as it is, line breaks included, without folding', async () => {
    const long = 'y'.repeat(300);
    const out = await render({ format: 'table', width: 80, mode: 'raw' }, [[entry(T, `${long}\nsecond`)]]);
    expect(out.split('\n').slice(1, 3)).toEqual([`2024-05-01T10:00:00.123Z api    ${long}`, 'second']);
  });

  it('strips escape sequences from lines and labels before the terminal', async () => {
    const out = await render({ format: 'table', width: 120 }, [[entry(T, 'ok\x1b]0;pwned\x07 \x1b[2Jdone', { service: 'a\x1b[31mb' })]]);
    expect(out).not.toMatch(/\x1b/);
    expect(out).toContain('ok done');
  });
});

describe('LogLinesWriter json, jsonl, csv, yaml', () => {
  const pages = [[entry(T, 'first "quoted"'), entry('1714557600124000000', 'second', { service: 'web' })], [entry('1714557600125000000', STACK)]];

  it('-o json is one valid document built page by page, the summary last', async () => {
    const doc = JSON.parse(await render({ format: 'json' }, pages, { ...summary, truncated: true, warnings: ['w'] }));
    expect(doc.resultType).toBe('streams');
    expect(doc.entries).toHaveLength(3);
    expect(doc.entries[0]).toEqual({ ts: T, time: '2024-05-01T10:00:00.123Z', labels: api, line: 'first "quoted"' });
    expect(doc.entries[2].line).toBe(STACK);
    expect([doc.truncated, doc.warnings, doc.stats.linesProcessed]).toEqual([true, ['w'], 2]);
  });

  it('-o json with no lines is still a document', async () => {
    expect(JSON.parse(await render({ format: 'json' }, []))).toMatchObject({ resultType: 'streams', entries: [], truncated: false });
  });

  it('-o jsonl is one object per line and nothing else', async () => {
    const lines = (await render({ format: 'jsonl' }, pages)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toEqual({ ts: '1714557600124000000', time: '2024-05-01T10:00:00.124Z', labels: { service: 'web' }, line: 'second' });
  });

  it('-o csv quotes what needs it and keeps the text, line breaks included', async () => {
    const out = await render({ format: 'csv' }, pages);
    expect(out.startsWith('time,ts,stream,line\n2024-05-01T10:00:00.123Z,1714557600123000000,"{service=""api""}","first ""quoted"""\n')).toBe(true);
    expect(out).toContain(`"${STACK.replace(/\t/g, ' ')}"`);
  });

  it('-o csv is sanitised like every CSV obs writes: no escape sequence or control character reaches the terminal', async () => {
    const out = await render({ format: 'csv' }, [[entry(T, 'a\x1b[2Jb\x1b]0;title\x07c\rd\x9b31me', { service: 'x\x1b[31my' })]]);
    expect(out.split('\n')[1]).toBe('2024-05-01T10:00:00.123Z,1714557600123000000,"{service=""xy""}",abcde');
  });

  it('-o json, jsonl and yaml keep control characters exactly, written as escapes', async () => {
    const { parse } = await import('yaml');
    const nasty = 'csi\x9b2J del\x7f nel\x85 esc\x1b[2J bel\x07 cr\r';
    const page = [[entry(T, nasty, { service: 'x\x9by' })]];
    for (const format of ['json', 'jsonl', 'yaml'] as const) {
      const out = await render({ format }, page);
      expect(out, format).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      const doc = format === 'yaml' ? parse(out) : JSON.parse(out);
      const first = format === 'jsonl' ? doc : doc.entries[0];
      expect([first.line, first.labels.service], format).toEqual([nasty, 'x\x9by']);
    }
  });

  it('-o yaml holds the same fields as the JSON document', async () => {
    const { parse } = await import('yaml');
    const doc = parse(await render({ format: 'yaml' }, pages));
    expect(doc.entries).toHaveLength(3);
    expect(doc.entries[2].line).toBe(STACK);
    expect(doc.truncated).toBe(false);
  });
});
