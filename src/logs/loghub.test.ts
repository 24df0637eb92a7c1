import { describe, expect, it } from 'vitest';
import { f1GroupingAccuracy, groupingAccuracy, parseCsv, parsingAccuracy, readStructured } from './loghub.js';

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

describe('f1GroupingAccuracy', () => {
  it('counts each group once, so many small wrong groups weigh as much as big right ones', () => {
    // events A(4 lines) B C; groups: {A A A A} right, {B} right, {C} right -> 1
    expect(f1GroupingAccuracy([1, 1, 1, 1, 2, 3], ['A', 'A', 'A', 'A', 'B', 'C'])).toBe(1);
    // A split in two: 2 right groups of 4 predicted (precision 0.5), 2 of 3 events found (recall 2/3)
    expect(f1GroupingAccuracy([1, 1, 9, 9, 2, 3], ['A', 'A', 'A', 'A', 'B', 'C'])).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3));
    expect(f1GroupingAccuracy([1, 1], ['A', 'B'])).toBe(0);
  });
});

describe('parsingAccuracy', () => {
  it('counts the lines whose template is the true one, text for text, runs of spaces as one', () => {
    expect(parsingAccuracy(['<*>:<*> open', 'a  b', '<*> open'], ['<*>:<*> open', 'a b', '<*>:<*> open'])).toBeCloseTo(2 / 3);
    expect(() => parsingAccuracy(['x'], [])).toThrow();
  });
});
