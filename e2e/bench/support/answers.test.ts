import { describe, expect, test } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { longMarkdownAnswer, markdownAnswer, numberedWords } from './answers';

describe('streamed answers', () => {
  test.each(['r1x1at100app', 'r3x4at2000base', 'typing2app'])(
    'a Markdown answer of exactly 2,000 token chunks ending with its sentinel (%s)',
    (id) => {
      const answer = markdownAnswer(2000, id);
      expect(answer.chunks).toHaveLength(2000);
      expect(answer.chunks.every((c) => encode(c).length === 1)).toBe(true);
      expect(answer.chunks.join('')).toBe(answer.text);
      expect(answer.text.endsWith(answer.sentinel)).toBe(true);
      expect(answer.sentinel).toContain(id);
      for (const part of ['```ts', '| Setting |', '- Measure first', '1. Reproduce', '## ']) {
        expect(answer.text).toContain(part);
      }
    },
  );

  test('the same id gives the same answer', () => {
    expect(markdownAnswer(2000, 'same').text).toBe(markdownAnswer(2000, 'same').text);
  });

  test('a long answer reaches the length asked for, in token chunks', () => {
    const answer = longMarkdownAnswer(25 * 1024, 'long');
    expect(answer.text.length).toBeGreaterThanOrEqual(25 * 1024);
    expect(answer.chunks.join('')).toBe(answer.text);
    expect(answer.text.endsWith(answer.sentinel)).toBe(true);
  });

  test('numbered words: one chunk per word, paragraphs of twenty', () => {
    const answer = numberedWords(45);
    expect(answer.chunks).toHaveLength(45);
    expect(answer.chunks[0]).toBe('w0001');
    expect(answer.chunks[1]).toBe(' w0002');
    expect(answer.chunks[20]).toBe('\n\nw0021');
    expect(answer.sentinel).toBe('w0045');
    expect(answer.text.split('\n\n')).toHaveLength(3);
  });
});
