import { describe, expect, it } from 'vitest';
import { roundSegments, roundStartsOf } from './ToolRounds';

describe('an answer’s rounds', () => {
  it('cuts the text where each round began', () => {
    const starts = roundStartsOf(['Let me look. ', 'It says hi.']);
    expect(starts).toEqual([13]);
    expect(roundSegments('Let me look. It says hi.', starts)).toEqual(['Let me look. ', 'It says hi.']);
    expect(roundSegments('Only text', [])).toEqual(['Only text']);
    // A round that has not written yet is an empty segment.
    expect(roundSegments('Asked. ', [7])).toEqual(['Asked. ', '']);
  });
});
