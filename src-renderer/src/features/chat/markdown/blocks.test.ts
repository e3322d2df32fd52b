import { afterEach, describe, expect, it } from 'vitest';
import { IncrementalBlocks, isFenceClosed, normalizeNewlines, type Block } from './blocks';
import { lexBlocks, renderBlockHtml } from './render-html';
import { disableRenderStats, enableRenderStats } from '../../../lib/render-stats';
import { SAMPLE_ANSWER } from './fixtures.test-data';

const contentTokens = (text: string) => lexBlocks(text).filter((t) => t.type !== 'space');

/** Feeds `text` in chunks of the given sizes, then completes it. */
function stream(text: string, sizes: number[]): { blocks: IncrementalBlocks; finished: readonly Block[] } {
  const blocks = new IncrementalBlocks();
  let at = 0;
  let i = 0;
  while (at < text.length) {
    at = Math.min(text.length, at + sizes[i++ % sizes.length]!);
    blocks.update(text.slice(0, at), false);
  }
  return { blocks, finished: blocks.update(text, true).finished };
}

/** A small deterministic pseudo-random generator (mulberry32), so failures can be reproduced. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

afterEach(() => disableRenderStats());

describe('IncrementalBlocks', () => {
  it('gives the same blocks and HTML as lexing the whole message, however the text arrives', () => {
    const expected = contentTokens(SAMPLE_ANSWER);
    const expectedHtml = expected.map((t) => renderBlockHtml(t));
    for (const sizes of [[1], [2], [3], [7], [16], [64], [SAMPLE_ANSWER.length]]) {
      const { finished } = stream(SAMPLE_ANSWER, sizes);
      expect(finished.map((b) => b.source)).toEqual(expected.map((t) => t.raw));
      expect(finished.map((b) => renderBlockHtml(b.token))).toEqual(expectedHtml);
    }
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(next() * 12));
      const { finished } = stream(SAMPLE_ANSWER, sizes);
      expect(
        finished.map((b) => b.source),
        `seed ${seed}`,
      ).toEqual(expected.map((t) => t.raw));
    }
  });

  it('keeps finished blocks as the same objects and only changes the last one', () => {
    const blocks = new IncrementalBlocks();
    const first = blocks.update('# Title\n\nFirst para', false);
    expect(first.finished.map((b) => b.source)).toEqual(['# Title']);
    expect(first.live?.source).toBe('First para');
    const second = blocks.update('# Title\n\nFirst paragraph.\n\nSecond', false);
    expect(second.finished[0]).toBe(first.finished[0]);
    expect(second.finished.map((b) => b.source)).toEqual(['# Title', 'First paragraph.']);
    expect(second.live?.source).toBe('Second');
    const third = blocks.update('# Title\n\nFirst paragraph.\n\nSecond one', false);
    expect(third.finished).toBe(second.finished);
    expect(third.live?.key).toBe(second.live?.key);
  });

  it('keeps keys stable: a block keeps its offset in the message', () => {
    const blocks = new IncrementalBlocks();
    const text = 'para one\n\npara two\n\npara three';
    const snapshot = blocks.update(text, true);
    expect(snapshot.finished.map((b) => b.key)).toEqual([0, 10, 20]);
    expect(snapshot.finished.map((b) => text.slice(b.key, b.key + b.source.length))).toEqual(
      snapshot.finished.map((b) => b.source),
    );
  });

  it('marks a code block whose fence is still open, and finishes it once closed', () => {
    const blocks = new IncrementalBlocks();
    const open = blocks.update('Intro\n\n```python\nprint(1)\n', false);
    expect(open.live).toMatchObject({ openFence: true, finished: false });
    const closed = blocks.update('Intro\n\n```python\nprint(1)\n```\n', false);
    expect(closed.live).toMatchObject({ openFence: false });
    const after = blocks.update('Intro\n\n```python\nprint(1)\n```\n\nDone.', false);
    expect(after.finished.at(-1)?.source).toBe('```python\nprint(1)\n```');
  });

  it('finishes the last block when the message completes', () => {
    const blocks = new IncrementalBlocks();
    blocks.update('a\n\nb', false);
    const done = blocks.update('a\n\nb', true);
    expect(done.live).toBeNull();
    expect(done.finished.map((b) => b.source)).toEqual(['a', 'b']);
  });

  it('starts over when the text is replaced rather than extended', () => {
    const blocks = new IncrementalBlocks();
    blocks.update('# One\n\nalpha', false);
    const replaced = blocks.update('# Two\n\nbeta', false);
    expect(replaced.finished.map((b) => b.source)).toEqual(['# Two']);
    expect(replaced.live?.source).toBe('beta');
  });

  it('lexes only the unfinished tail: the work per update does not grow with the message', () => {
    const stats = enableRenderStats();
    const paragraph = 'A sentence of an answer that keeps going for a while. '.repeat(3) + '\n\n';
    const measure = (finishedParagraphs: number) => {
      const blocks = new IncrementalBlocks();
      const prefix = paragraph.repeat(finishedParagraphs);
      blocks.update(prefix + 'Tail', false);
      stats.reset();
      blocks.update(prefix + 'Tail grows', false);
      return { lexRuns: stats.lexRuns, lexedChars: stats.lexedChars };
    };
    const short = measure(5); // about 1 KB
    const long = measure(120); // about 20 KB
    expect(short.lexRuns).toBe(1);
    expect(long).toEqual(short);
    expect(long.lexedChars).toBe('Tail grows'.length);
  });
});

describe('isFenceClosed', () => {
  it('needs a closing fence at least as long as the opening one, of the same character', () => {
    expect(isFenceClosed('```js\ncode\n```\n')).toBe(true);
    expect(isFenceClosed('```js\ncode\n')).toBe(false);
    expect(isFenceClosed('```js\ncode\n``')).toBe(false);
    expect(isFenceClosed('````\ncode\n```')).toBe(false);
    expect(isFenceClosed('~~~\ncode\n~~~~')).toBe(true);
    expect(isFenceClosed('~~~\ncode\n```')).toBe(false);
    expect(isFenceClosed('```')).toBe(false);
  });
});

describe('normalizeNewlines', () => {
  it('turns CRLF and CR into LF', () => {
    expect(normalizeNewlines('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
});
