import { describe, expect, it } from 'vitest';
import type { Labels } from './ast.js';
import { parseLogQL } from './parse.js';
import { compilePipeline } from './pipeline.js';

const stream: Labels = { service: 'checkout', level: 'info' };

/** Run the pipeline of `{service="checkout"} <pipeline>` over one line. */
function run(pipeline: string, line: string) {
  const q = parseLogQL(`{service="checkout"} ${pipeline}`);
  if (q.kind !== 'log') throw new Error('expected a log query');
  return compilePipeline(q.stages)(line, stream);
}

describe('line filters', () => {
  it('contains / does not contain, with or-alternatives', () => {
    expect(run('|= "timeout" or "refused"', 'dial tcp: connection refused')).toBeDefined();
    expect(run('|= "timeout" or "refused"', 'all good')).toBeUndefined();
    expect(run('!= "health" != "metrics"', 'GET /metrics')).toBeUndefined();
    expect(run('!= "health" != "metrics"', 'GET /cart')).toBeDefined();
  });

  it('regex match is unanchored and honours (?i)', () => {
    expect(run('|~ "(?i)err(or)?"', 'an ERROR happened')).toBeDefined();
    expect(run('!~ "^DEBUG"', 'DEBUG noise')).toBeUndefined();
  });

  it('pattern match (|>) must cover the whole line', () => {
    expect(run('|> "<_> level=error msg=<_>"', 'ts=1 level=error msg="boom"')).toBeDefined();
    expect(run('|> "level=error <_>"', 'ts=1 level=error msg=x')).toBeUndefined();
    expect(run('!> "<_> level=info <_>"', 'ts=1 level=info msg=x')).toBeUndefined();
  });
});

describe('parsers', () => {
  it('json flattens nested objects with _ and skips arrays', () => {
    const e = run('| json', '{"status":503,"http":{"method":"POST","path":"/checkout"},"tags":["a"],"ok":false}');
    expect(e?.labels).toEqual({ ...stream, status: '503', http_method: 'POST', http_path: '/checkout', ok: 'false' });
  });

  it('json with expressions extracts only the named paths', () => {
    const e = run('| json code="error.code", first="items[0]"', '{"error":{"code":"E42"},"items":["x","y"],"other":1}');
    expect(e?.labels).toEqual({ ...stream, code: 'E42', first: 'x' });
  });

  it('a line that is not JSON gets __error__ instead of labels', () => {
    const e = run('| json', 'level=info msg=plain');
    expect(e?.labels.__error__).toBe('JSONParserErr');
    expect(run('| json | __error__=""', 'level=info msg=plain')).toBeUndefined();
  });

  it('logfmt reads quoted values with escapes; a clashing name gets _extracted', () => {
    const e = run('| logfmt', 'level=error msg="upstream \\"payments\\" returned 503" service=x duration=5.01s');
    expect(e?.labels).toMatchObject({ level: 'info', level_extracted: 'error', msg: 'upstream "payments" returned 503', service_extracted: 'x', duration: '5.01s' });
  });

  it('logfmt with expressions renames keys, --keep-empty keeps empty values', () => {
    expect(run('| logfmt took="duration"', 'duration=3ms other=1')?.labels).toEqual({ ...stream, took: '3ms' });
    expect(run('| logfmt', 'a= b=1')?.labels).toEqual({ ...stream, b: '1' });
    expect(run('| logfmt --keep-empty', 'a= b=1')?.labels).toEqual({ ...stream, a: '', b: '1' });
  });

  it('pattern captures up to the next literal, the last capture takes the rest', () => {
    const e = run('| pattern "<ip> - - [<_>] \\"<method> <path> <_>\\" <status> <size>"', '10.0.0.1 - - [01/May/2024:10:00:00] "GET /cart HTTP/1.1" 200 512');
    expect(e?.labels).toEqual({ ...stream, ip: '10.0.0.1', method: 'GET', path: '/cart', status: '200', size: '512' });
  });

  it('regexp adds named groups (Go (?P<name>) syntax)', () => {
    expect(run('| regexp "took (?P<took>\\\\d+)ms"', 'query took 42ms')?.labels).toEqual({ ...stream, took: '42' });
    expect(run('| regexp "took (?P<took>\\\\d+)ms"', 'nothing here')?.labels).toEqual(stream);
  });
});

describe('label filters', () => {
  const line = 'level=error status=503 duration=1.2s size=12KB route=/checkout';
  it.each([
    ['status >= 500', true],
    ['status == 503 and route="/checkout"', true],
    ['status < 500', false],
    ['status < 500 or route=~"/check.*"', true],
    ['duration > 1s', true],
    ['duration > 1500ms', false],
    ['size > 10KB', true],
    ['size > 12KiB', false],
    ['route!="/checkout"', false],
    ['missing="" , status=503', true],
    ['missing > 1', false],
  ])('| logfmt | %s -> %s', (filter, kept) => {
    expect(run(`| logfmt | ${filter}`, line) !== undefined).toBe(kept);
  });
});

describe('line_format', () => {
  it('renders labels and the line; unknown labels render empty', () => {
    expect(run('| logfmt | line_format "{{.level}}/{{.level_extracted}} {{ .route }} [{{.nope}}]"', 'level=warn route=/x')?.line).toBe('info/warn /x []');
    expect(run('| line_format ">> {{__line__}}"', 'hello')?.line).toBe('>> hello');
  });

  it('rejects template features beyond the subset', () => {
    expect(() => run('| line_format "{{ .a | ToUpper }}"', 'x')).toThrow(/only supports/);
  });
});
