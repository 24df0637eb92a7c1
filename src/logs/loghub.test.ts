import { describe, expect, it } from 'vitest';
import { groupingAccuracy, parseCsv, readStructured } from './loghub.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF rows', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
    expect(parseCsv('last,row')).toEqual([['last', 'row']]);
  });
});

describe('readStructured', () => {
  it('takes Content, EventId and EventTemplate by column name', () => {
    const csv = 'LineId,Time,Content,EventId,EventTemplate\n1,"18:01:47,978","close, 0 bytes",E8,"<*> close, <*> bytes"\n';
    expect(readStructured(csv)).toEqual([{ content: 'close, 0 bytes', eventId: 'E8', eventTemplate: '<*> close, <*> bytes' }]);
    expect(() => readStructured('LineId,Text\n1,x\n')).toThrow(/Content/);
  });
});

describe('groupingAccuracy', () => {
  it('counts a line right only when its group is exactly its event', () => {
    // events: A A B B C; predicted: {1,2} right, {3} and {4} split B, {5} right
    expect(groupingAccuracy([1, 1, 2, 3, 4], ['A', 'A', 'B', 'B', 'C'])).toBeCloseTo(3 / 5);
    // one group swallowing two events makes all of its lines wrong
    expect(groupingAccuracy([1, 1, 1, 2], ['A', 'A', 'B', 'C'])).toBeCloseTo(1 / 4);
    expect(groupingAccuracy(['x', 'y'], ['A', 'B'])).toBe(1);
    expect(() => groupingAccuracy([1], [])).toThrow();
  });
});
