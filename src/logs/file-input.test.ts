import { describe, expect, it } from 'vitest';
import { entriesOf, LineTimes, parseInputLine } from './file-input.js';
import { messageOf } from './message.js';

describe('parseInputLine', () => {
  it('takes a plain line as it is, with the time it starts with and its level', () => {
    expect(parseInputLine('May  1 10:00:00 host sshd[1]: Accepted publickey for deploy')).toEqual({ message: 'May  1 10:00:00 host sshd[1]: Accepted publickey for deploy' });
    expect(parseInputLine('ts=2024-05-01T10:00:00.5Z caller=main.go:1 level=warn msg="slow"')).toEqual({ message: 'ts=2024-05-01T10:00:00.5Z caller=main.go:1 level=warn msg="slow"', time: Date.parse('2024-05-01T10:00:00.5Z'), level: 'warn' });
    expect(parseInputLine('2024-05-01 10:00:00,250 INFO [main] started').time).toBe(new Date(2024, 4, 1, 10, 0, 0, 250).getTime());
    expect(parseInputLine('10:00:00 ERROR disk full\r')).toEqual({ message: '10:00:00 ERROR disk full', level: 'error' });
  });

  it('takes the time off a kubectl logs --timestamps line', () => {
    const line = parseInputLine('2024-05-01T10:00:00.123456789Z GET /cart 200');
    expect(line).toEqual({ message: 'GET /cart 200', time: Date.parse('2024-05-01T10:00:00.123Z') });
  });

  it('reads the time and level of JSON loggers, and leaves their message field to the miner', () => {
    // zap: the miner reads msg, and level and logger as attributes (see message.ts)
    const zap = '{"level":"error","ts":1714557600.5,"msg":"payment declined","order":"o-1"}';
    expect(parseInputLine(zap)).toEqual({ message: zap, time: 1714557600500, level: 'error' });
    expect(messageOf(zap).text).toBe('payment declined');
    // Docker json-file
    const docker = '{"log":"GET /healthz 200\\n","stream":"stdout","time":"2024-05-01T10:00:00.5Z"}';
    expect(parseInputLine(docker)).toEqual({ message: docker, time: Date.parse('2024-05-01T10:00:00.5Z') });
    expect(messageOf(docker).text).toBe('GET /healthz 200');
    // pino
    expect(parseInputLine('{"level":50,"time":1714557600000,"msg":"boom"}')).toMatchObject({ level: 'error', time: 1714557600000 });
  });

  it('reads journalctl -o json: MESSAGE, __REALTIME_TIMESTAMP in µs, PRIORITY', () => {
    const journal = '{"__REALTIME_TIMESTAMP":"1714557600123456","PRIORITY":"3","_SYSTEMD_UNIT":"nginx.service","MESSAGE":"worker process exited"}';
    expect(parseInputLine(journal)).toEqual({ message: journal, time: 1714557600123, level: 'error' });
    expect(messageOf(journal)).toEqual({ text: 'worker process exited', level: 'error' });
    // a message that is not UTF-8 comes as bytes, decoded here
    const bytes = [...Buffer.from('caf\u00e9 \u00e9t\u00e9')];
    expect(parseInputLine(JSON.stringify({ MESSAGE: bytes })).message).toBe('caf\u00e9 \u00e9t\u00e9');
  });

  it('uses the field it is told to, with dots into objects', () => {
    expect(parseInputLine('{"event":{"text":"cache miss"},"msg":"ignored"}', { messageField: 'event.text' }).message).toBe('cache miss');
    expect(parseInputLine('{"text":"x"}', { messageField: 'missing' }).message).toBe('{"text":"x"}');
  });

  it('mines a JSON line without a message field whole', () => {
    expect(parseInputLine('{"route":"/cart","status":200}').message).toBe('{"route":"/cart","status":200}');
    expect(parseInputLine('{not json').message).toBe('{not json');
  });
});

describe('entriesOf', () => {
  it('gives a line without a time the time of the line before it (a stack trace its error)', () => {
    const { entries, timed } = entriesOf([
      { message: 'a' },
      { message: 'b', time: 100 },
      { message: 'c' },
      { message: 'd', time: 200, level: 'error' },
    ]);
    expect(timed).toBe(true);
    expect(entries).toEqual([
      { line: 'a', time: 100 },
      { line: 'b', time: 100 },
      { line: 'c', time: 100 },
      { line: 'd', time: 200, level: 'error' },
    ]);
  });

  it('places lines by position when none has a time', () => {
    expect(entriesOf([{ message: 'a' }, { message: 'b' }])).toEqual({ entries: [{ line: 'a', time: 0 }, { line: 'b', time: 1 }], timed: false });
  });
});

describe('LineTimes', () => {
  it('hands each line on as soon as its time is known: lines before the first time wait for it', () => {
    const seen: string[] = [];
    const times = new LineTimes((line, time) => seen.push(`${line.message}@${time}`));
    times.push({ message: 'Traceback' });
    times.push({ message: 'at x' });
    expect(seen).toEqual([]);
    times.push({ message: 'started', time: 1000 });
    times.push({ message: 'at y' });
    times.push({ message: 'done', time: 2000 });
    expect(seen).toEqual(['Traceback@1000', 'at x@1000', 'started@1000', 'at y@1000', 'done@2000']);
    expect(times.end()).toBe(true);
  });

  it('gives positions at the end when no line has a time', () => {
    const seen: string[] = [];
    const times = new LineTimes((line, time) => seen.push(`${line.message}@${time}`));
    times.push({ message: 'a' });
    times.push({ message: 'b' });
    expect(times.end()).toBe(false);
    expect(seen).toEqual(['a@0', 'b@1']);
  });
});
