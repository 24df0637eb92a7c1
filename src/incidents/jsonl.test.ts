import { describe, expect, it } from 'vitest';
import { encodeEvent, parseEventLog, warningText } from './jsonl.js';
import type { IncidentEvent } from './types.js';

const note = (text: string): IncidentEvent => ({ type: 'note', at: '2026-11-23T10:00:00.000Z', author: 'alice', text });

describe('parseEventLog', () => {
  it('reads one event per line and keeps line breaks inside strings', () => {
    const log = encodeEvent(note('first\nsecond line')) + encodeEvent(note('b'));
    expect(log.split('\n')).toHaveLength(3);
    const { events, warnings } = parseEventLog(log, 'x.jsonl');
    expect(events.map((e) => (e.type === 'note' ? e.text : ''))).toEqual(['first\nsecond line', 'b']);
    expect(warnings).toEqual([]);
  });

  it('skips a torn last line with a warning instead of throwing', () => {
    const whole = encodeEvent(note('kept'));
    const torn = encodeEvent(note('cut short')).slice(0, 30);
    const { events, warnings } = parseEventLog(whole + torn, 'inc.jsonl');
    expect(events).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'inc.jsonl', line: 2, kind: 'torn' });
    expect(warningText(warnings[0])).toMatch(/^inc\.jsonl:2: skipped an incomplete last line \(\d+ bytes\)/);
  });

  it('says where once: file:line, or the file alone for the whole incident', () => {
    const torn = parseEventLog(encodeEvent(note('cut short')).slice(0, 30), '/state/inc-1.jsonl').warnings[0];
    expect(warningText(torn).match(/inc-1\.jsonl/g)).toHaveLength(1);
    expect(warningText({ file: '/state/inc-2.jsonl', line: 0, kind: 'missing-open', message: 'no readable "opened" event' })).toBe('/state/inc-2.jsonl: no readable "opened" event');
  });

  it('skips a torn line that a later append moved past, and keeps the events after it', () => {
    const log = encodeEvent(note('a')) + encodeEvent(note('b')).slice(0, 20) + '\n' + encodeEvent(note('c'));
    const { events, warnings } = parseEventLog(log, 'inc.jsonl');
    expect(events.map((e) => (e.type === 'note' ? e.text : ''))).toEqual(['a', 'c']);
    expect(warnings).toMatchObject([{ line: 2, kind: 'corrupt' }]);
  });

  it('accepts a complete last event whose newline was not written', () => {
    const log = encodeEvent(note('a')) + encodeEvent(note('b')).trimEnd();
    expect(parseEventLog(log, 'f').events).toHaveLength(2);
  });

  it('skips well-formed JSON that is not a valid event', () => {
    const log = [
      JSON.stringify({ type: 'status', status: 'fixed', at: '2026-11-23T10:00:00Z', author: 'a' }),
      JSON.stringify({ type: 'note', text: 'no time', author: 'a' }),
      JSON.stringify({ type: 'teleported', at: '2026-11-23T10:00:00Z', author: 'a' }),
      '[1,2]',
    ].join('\n') + '\n';
    const { events, warnings } = parseEventLog(log, 'f');
    expect(events).toEqual([]);
    expect(warnings.map((w) => [w.line, w.kind])).toEqual([
      [1, 'invalid'],
      [2, 'invalid'],
      [3, 'invalid'],
      [4, 'invalid'],
    ]);
    expect(warnings[0].message).toContain('status must be one of investigating');
  });
});
