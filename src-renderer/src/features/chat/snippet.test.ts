import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('splits a snippet into plain and matched parts at main’s marks', () => {
    expect(snippetParts('…the \u0002quick\u0003 brown \u0002fox\u0003')).toEqual([
      { text: '…the ', match: false },
      { text: 'quick', match: true },
      { text: ' brown ', match: false },
      { text: 'fox', match: true },
    ]);
  });

  it('keeps a snippet without marks whole, and markup in it as text', () => {
    expect(snippetParts('<b>plain</b>')).toEqual([{ text: '<b>plain</b>', match: false }]);
  });
});
