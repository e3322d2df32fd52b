import { describe, expect, it } from 'vitest';
import { JsonShapeError, jsonEntries, parseEntry } from './json-entries';

const read = (text: string, maxDepth = 10) => {
  const bytes = Buffer.from(text);
  return [...jsonEntries(bytes, { maxDepth })].map((e) => [e.key, parseEntry(bytes, e)]);
};

describe('top-level JSON entries', () => {
  it('splits an array and an object into their entries, strings with brackets and escapes included', () => {
    expect(read(' [ {"a":"]},\\"["}, 2, "x" ,null ] ')).toEqual([
      [0, { a: ']},"[' }],
      [1, 2],
      [2, 'x'],
      [3, null],
    ]);
    expect(read('{"k": [1,{"n":"é,ü"}], "s" : "v", "e\\"q": true}')).toEqual([
      ['k', [1, { n: 'é,ü' }]],
      ['s', 'v'],
      ['e"q', true],
    ]);
    expect(read('[]')).toEqual([]);
  });

  it('reads a nested container by its byte range', () => {
    const bytes = Buffer.from('{"kind":"x","list":[{"a":1},{"a":2}]}');
    const list = [...jsonEntries(bytes, { maxDepth: 5 })].find((e) => e.key === 'list')!;
    const inner = [...jsonEntries(bytes, { maxDepth: 5, from: list.start, to: list.end })];
    expect(inner.map((e) => parseEntry(bytes, e))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('refuses what is not a JSON container, nests too deep, is cut short or has more after it', () => {
    expect(() => read('"just a string"')).toThrow(JsonShapeError);
    expect(() => read(`${'['.repeat(20)}${']'.repeat(20)}`, 10)).toThrow(/deeper than 10/);
    expect(() => read('[{"a": "unterminated')).toThrow(/cut short/);
    expect(() => read('[1, 2')).toThrow(/cut short/);
    expect(() => read('[1] [2]')).toThrow(/more after its end/);
    expect(() => read('[1,,2]')).toThrow(/empty entry/);
    expect(() => read('{"a" 1}')).toThrow(/no value/);
    expect(() => read('{1: 2}')).toThrow(/not a string/);
  });

  it('stops a nesting attack where it crosses the limit, without reading the rest', () => {
    const attack = Buffer.alloc(5_000_000, '[');
    expect(() => [...jsonEntries(attack, { maxDepth: 64 })]).toThrow(/deeper than 64 levels \(at byte 64\)/);
  });
});
