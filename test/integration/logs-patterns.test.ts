/**
 * `obs logs patterns` end to end: against the demo world (the scenario's new error pattern comes
 * first), on files and standard input (plain and JSON lines, assignments), and against a fake Loki
 * with and without its patterns endpoint (which engine answers, the cap on lines, exit codes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/output/cells.js';
import { reply, startFakeServer } from '../support/fake-server.js';
import { runObs } from '../support/run-obs.js';

interface JsonPattern {
  id: string;
  template: string;
  count: number;
  share: number;
  firstSeen: string | null;
  lastSeen: string | null;
  samples: string[];
  status?: string;
  ratio?: number | null;
  level?: string;
}
interface JsonReport {
  patterns: JsonPattern[];
  lines: number;
  baselineLines?: number;
  engine: string;
  truncated?: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'obs-logs-patterns-'));
const home = mkdtempSync(join(tmpdir(), 'obs-home-'));
const obs = (args: string[], options: Parameters<typeof runObs>[1] = {}) => runObs(['--config-dir', home, ...args], options);

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

// The payments-db-latency scenario adds two error patterns to payments: pool exhaustion and timeouts to
// payments-db. Which of the two changed most depends on the moment the test runs; either must lead.
// The pool's name ("HikariPool-1") is one token with a digit: each engine writes it as a variable.
const SCENARIO_TEMPLATE = /<[_*]> - Connection is not available|timeout after <[_*]> talking to payments-db/;
const SCENARIO_LINE = /HikariPool-1 - Connection is not available|timeout after \d+ms talking to payments-db/;

describe('obs logs patterns --demo', () => {
  it('lists the scenario new error pattern first, NEW against the same half hour yesterday', async () => {
    const r = await obs(['logs', 'patterns', '{service="payments"}', '--since', '30m', '--baseline', '24h', '--demo', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const [first] = report.patterns;
    expect(first).toMatchObject({ status: 'NEW', level: 'error', ratio: null });
    expect(first!.template).toMatch(SCENARIO_TEMPLATE);
    expect(first!.samples[0]).toMatch(SCENARIO_LINE);
    expect(report.patterns.find((p) => p.template.includes('charge authorized'))!.status).toBe('STEADY');
    expect(report.baselineLines).toBeGreaterThan(0);
  }, 60_000);

  it('mines the same answer locally from the lines', async () => {
    const r = await obs(['logs', 'patterns', '{service="payments"}', '--since', '30m', '--baseline', '24h', '--engine', 'local', '--demo', '-o', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.engine).toBe('local');
    expect(report.patterns[0]).toMatchObject({ status: 'NEW', level: 'error', template: expect.stringMatching(SCENARIO_TEMPLATE) });
  }, 60_000);

  it('draws a table with status, count, share, trend, first and last seen, and a sample', async () => {
    const r = await obs(['logs', 'patterns', '{service="payments"}', '--since', '30m', '--baseline', '24h', '--demo', '-o', 'table']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\{service="payments"\}: \d+ lines from .* UTC; baseline \d+ lines from .*; engine loki$/);
    expect(lines[1]).toMatch(/^STATUS\s+COUNT\s+SHARE TREND\s+FIRST\s+LAST\s+PATTERN$/);
    expect(lines[2]).toMatch(/^NEW\s+\d+\s+[\d.]+% [▁▂▃▄▅▆▇█]{16} \d\d:\d\d:\d\d \d\d:\d\d:\d\d .*ERROR .*(HikariPool|timeout after)/);
    expect(lines[3]).toMatch(/^ {4}e\.g\. .*(Connection is not available|timeout after \d+ms talking)/);
  }, 60_000);
});

describe('obs logs patterns --file', () => {
  const plain = [
    'Accepted publickey for deploy from 10.0.0.7 port 50122 ssh2',
    'Accepted publickey for deploy from 10.0.0.9 port 50188 ssh2',
    'Failed password for invalid user admin from 203.0.113.5 port 40022 ssh2',
    'Accepted publickey for deploy from 10.0.0.7 port 50301 ssh2',
    'Failed password for invalid user admin from 203.0.113.9 port 40107 ssh2',
    'error: kex_exchange_identification: Connection closed by remote host',
  ];

  it('reads plain lines: counts and shares, positions instead of times', async () => {
    const r = await obs(['logs', 'patterns', '--file', file('auth.log', plain), '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport & { file: string; range: null };
    expect(report).toMatchObject({ lines: 6, engine: 'local', range: null });
    expect(report.patterns.map((p) => [p.template, p.count, p.firstSeen])).toEqual([
      ['Accepted publickey for deploy from <*> port <*> ssh2', 3, null],
      ['Failed password for invalid user admin from <*> port <*> ssh2', 2, null],
      ['error: kex_exchange_identification: Connection closed by remote host', 1, null],
    ]);
    expect(report.patterns[0]!.share).toBe(0.5);
    expect(report.patterns[2]!.level).toBe('error');
    expect(report.patterns[0]!.status).toBeUndefined();
  });

  it('cuts CJK patterns and samples to the terminal in cells, not characters', async () => {
    const cjk = Array.from({ length: 4 }, (_, i) => `支付失败 订单 ${1000 + i} 用户余额不足，请稍后重试，网关返回错误代码并记录到审计日志中以便排查问题 🛒`);
    const r = await obs(['logs', 'patterns', '--file', file('cjk.log', cjk), '-o', 'table'], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows.some((l) => l.includes('支付失败'))).toBe(true);
    for (const l of rows) expect(cellWidth(l)).toBeLessThanOrEqual(80);
  });

  it('reads journalctl -o json from standard input: MESSAGE, times, priorities', async () => {
    const journal = plain.map((message, i) =>
      JSON.stringify({ __REALTIME_TIMESTAMP: String(Date.parse('2024-05-01T10:00:00Z') * 1000 + i * 60_000_000), PRIORITY: i === 5 ? '3' : '6', _SYSTEMD_UNIT: 'ssh.service', MESSAGE: message }));
    const r = await obs(['logs', 'patterns', '--file', '-', '-o', 'json'], { stdin: journal.join('\n') + '\n' });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.patterns[0]).toMatchObject({ template: 'Accepted publickey for deploy from <*> port <*> ssh2', count: 3, firstSeen: '2024-05-01T10:00:00.000Z', lastSeen: '2024-05-01T10:03:00.000Z' });
    expect(report.patterns.find((p) => p.level === 'error')!.template).toContain('kex_exchange_identification');
  });

  it('takes the message from the field it is told to', async () => {
    const lines = ['{"event":"cache miss key=user:1","lvl":"debug"}', '{"event":"cache miss key=user:2","lvl":"debug"}'];
    const r = await obs(['logs', 'patterns', '--file', file('app.jsonl', lines), '--message-field', 'event', '-o', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.patterns.map((p) => [p.template, p.count])).toEqual([['cache miss key=user:<*>', 2]]);
  });

  it('mines the message after each line\'s header; level and logger are attributes, and --level filters by them', async () => {
    const lines = [
      '2024-05-01 10:00:01,120 INFO [main] com.shop.Cart: cart 17 saved in 12 ms',
      '2024-05-01 10:00:02,480 INFO [worker-2] com.shop.Cart: cart 18 saved in 9 ms',
      '2024-05-01 10:00:03,002 ERROR [worker-1] com.shop.Pay: card declined for order o-91',
      'May  1 10:00:04 web1 sshd[812]: Accepted publickey for deploy from 10.0.0.7 port 50122 ssh2',
      'ts=2024-05-01T10:00:05Z level=warn caller=pool.go:88 msg="pool exhausted, 12 waiting"',
      '{"time":"2024-05-01T10:00:06Z","level":"warn","logger":"db","msg":"pool exhausted, 3 waiting"}',
    ];
    const r = await obs(['logs', 'patterns', '--file', file('mixed.log', lines), '-o', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport & { patterns: Array<{ attributes?: Record<string, Record<string, number>> }> };
    const byTemplate = new Map(report.patterns.map((p) => [p.template, p]));
    expect([...byTemplate.keys()].sort()).toEqual([
      'Accepted publickey for deploy from <*> port <*> ssh2',
      'card declined for order <*>',
      'cart <*> saved in <*> ms',
      'pool exhausted, <*> waiting',
    ]);
    expect(byTemplate.get('cart <*> saved in <*> ms')).toMatchObject({ count: 2, level: 'info', attributes: { level: { info: 2 }, component: { 'com.shop.Cart': 2 } } });
    expect(byTemplate.get('pool exhausted, <*> waiting')).toMatchObject({ count: 2, level: 'warn', attributes: { level: { warn: 2 }, component: { 'pool.go:88': 1, db: 1 } } });
    expect(byTemplate.get('card declined for order <*>')).toMatchObject({ count: 1, level: 'error' });

    const errors = await obs(['logs', 'patterns', '--file', file('mixed.log', lines), '--level', 'warn', '-o', 'json']);
    expect((JSON.parse(errors.stdout) as JsonReport).patterns.map((p) => p.template).sort()).toEqual(['card declined for order <*>', 'pool exhausted, <*> waiting']);
    const bad = await obs(['logs', 'patterns', '--file', file('mixed.log', lines), '--level', 'loud']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--level loud');
  });

  it('compares with --baseline-file by share of lines', async () => {
    const before = file('before.log', plain.filter((l) => !l.startsWith('error')));
    const r = await obs(['logs', 'patterns', '--file', file('after.log', plain), '--baseline-file', before, '-o', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.patterns[0]).toMatchObject({ status: 'NEW', template: 'error: kex_exchange_identification: Connection closed by remote host' });
    expect(report.patterns.slice(1).map((p) => p.status)).toEqual(['STEADY', 'STEADY']);
  });

  it('--emit assignments prints the final pattern of every input line, null for a blank one', async () => {
    const path = file('assign.log', [...plain.slice(0, 3), '', ...plain.slice(3)]);
    const r = await obs(['logs', 'patterns', '--file', path, '--emit', 'assignments']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; pattern: string | null });
    expect(rows.map((x) => x.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ids = (JSON.parse((await obs(['logs', 'patterns', '--file', path, '-o', 'json'])).stdout) as JsonReport).patterns.map((p) => p.id);
    expect(rows.map((x) => x.pattern)).toEqual([ids[0], ids[0], ids[1], null, ids[0], ids[1], ids[2]]);
    const piped = await obs(['logs', 'patterns', '--file', '-', '--emit', 'assignments'], { stdin: plain.join('\n') });
    expect(piped.stdout.trim().split('\n')).toHaveLength(6);
  });

  it('refuses what does not go with a file', async () => {
    const path = file('x.log', plain);
    expect((await obs(['logs', 'patterns', '--file', path, '--since', '1h'])).code).toBe(2);
    expect((await obs(['logs', 'patterns', '{a="b"}', '--file', path])).code).toBe(2);
    expect((await obs(['logs', 'patterns', '--file', path, '--emit', 'lines'])).code).toBe(2);
    const missing = await obs(['logs', 'patterns', '--file', join(dir, 'nope.log')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log: cannot read it \(ENOENT\)/);
  });
});

describe('obs logs patterns against a Loki with and without its patterns endpoint', () => {
  const NOW = Date.parse('2024-05-01T10:00:00Z');
  // One line every 10 seconds over the last day; a new error in the last 5 minutes.
  const lines: { ns: bigint; line: string }[] = [];
  for (let t = NOW - 25 * 3_600_000; t < NOW; t += 10_000) {
    lines.push({ ns: BigInt(t) * 1_000_000n, line: `GET /cart 200 took ${t % 91}ms` });
    if (t >= NOW - 5 * 60_000) lines.push({ ns: BigInt(t + 1) * 1_000_000n, line: `ERROR payment declined order=o-${t % 997}` });
  }
  let withPatterns = true;
  let server: Awaited<ReturnType<typeof startFakeServer>>;

  beforeAll(async () => {
    server = await startFakeServer((req, res) => {
      const p = req.url.searchParams;
      const start = BigInt(p.get('start') ?? '0');
      const end = BigInt(p.get('end') ?? '0');
      const inRange = lines.filter((l) => l.ns >= start && l.ns < end);
      if (req.url.pathname === '/loki/api/v1/patterns') {
        if (!withPatterns) return reply(res, 404, '404 page not found', 'text/plain');
        const group = (match: string, pattern: string) => {
          const hits = inRange.filter((l) => l.line.includes(match));
          return hits.length ? [{ pattern, samples: hits.map((l) => [Number(l.ns / 1_000_000_000n), 1]) }] : [];
        };
        return reply(res, 200, { status: 'success', data: [...group('GET', 'GET /cart <_> took <_>'), ...group('ERROR', 'ERROR payment declined order=<_>')] });
      }
      if (req.url.pathname === '/loki/api/v1/query') {
        // sum(count_over_time(SELECTOR[Nms])) at time T counts (T - N, T]
        const range = BigInt(/\[(\d+)ms\]/.exec(p.get('query') ?? '')?.[1] ?? '0') * 1_000_000n;
        const time = BigInt(p.get('time') ?? '0');
        const counted = lines.filter((l) => l.ns > time - range && l.ns <= time).length;
        return reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Number(time / 1_000_000_000n), String(counted)] }] } });
      }
      if (req.url.pathname === '/loki/api/v1/query_range') {
        const ordered = p.get('direction') === 'backward' ? [...inRange].reverse() : inRange;
        const page = ordered.slice(0, Number(p.get('limit') ?? 100));
        return reply(res, 200, { status: 'success', data: { resultType: 'streams', result: [{ stream: { service: 'payments' }, values: page.map((l) => [String(l.ns), l.line]) }] } });
      }
      reply(res, 404, '404 page not found', 'text/plain');
    });
  });
  afterAll(() => server.close());

  const patterns = (args: string[]) => obs(['logs', 'patterns', ...args, '-o', 'json'], { env: { OBS_LOKI_URL: server.url }, now: NOW });
  const paths = () => server.requests.map((r) => `${r.url.pathname.replace('/loki/api/v1/', '')}${r.url.searchParams.get('direction') ? ` ${r.url.searchParams.get('direction')}` : ''}`);

  it('auto uses Loki patterns for a plain selector when Loki has them', async () => {
    withPatterns = true;
    server.requests.length = 0;
    const r = await patterns(['{service="payments"}', '--since', '30m', '--baseline', '24h']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.engine).toBe('loki');
    expect(report).toMatchObject({ truncated: [], limit: 50_000 });
    expect(report.patterns[0]).toMatchObject({ status: 'NEW', template: 'ERROR payment declined order=<_>', count: 30, level: 'error' });
    expect(report.patterns[0]!.samples[0]).toMatch(/^ERROR payment declined order=o-\d+$/);
    expect(paths().filter((p) => p === 'patterns')).toHaveLength(2);
  });

  it('auto mines locally from forward query_range pages when Loki lacks the endpoint', async () => {
    withPatterns = false;
    server.requests.length = 0;
    const r = await patterns(['{service="payments"}', '--since', '30m', '--baseline', '24h']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.engine).toBe('local');
    expect(report.patterns[0]).toMatchObject({ status: 'NEW', template: 'ERROR payment declined order=<*>', count: 30 });
    expect(paths().filter((p) => p === 'query_range forward')).toHaveLength(2);
  });

  it('--engine loki fails (exit 3) where Loki has no patterns, and refuses a pipeline (exit 2)', async () => {
    withPatterns = false;
    const r = await patterns(['{service="payments"}', '--since', '30m', '--engine', 'loki']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Loki has no pattern detection here.*use --engine local, or auto/);
    withPatterns = true;
    expect((await patterns(['{service="payments"} |= "ERROR"', '--since', '30m', '--engine', 'loki'])).code).toBe(2);
  });

  it('reports on stderr and in JSON when the cap on lines cut a window', async () => {
    const r = await patterns(['{service="payments"}', '--since', '30m', '--engine', 'local', '--limit', '100']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/read only the first 100 lines of the incident window \(up to 2024-05-01T09:46:30\.001Z\)/);
    const report = JSON.parse(r.stdout) as JsonReport & { limit: number };
    expect(report).toMatchObject({ lines: 100, truncated: ['incident'], limit: 100 });
  });

  it('refuses a baseline that overlaps the window, and a query without lines', async () => {
    const overlap = await patterns(['{service="payments"}', '--since', '1h', '--baseline', '30m']);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/would overlap the 1h window/);
    expect((await patterns([])).code).toBe(2);
  });
});
