import { afterEach, describe, expect, it } from 'vitest';
import { LruCache } from './block-cache';
import { clearBlockHtmlCache, finishedBlockHtml, liveBlockHtml } from './block-html';
import { IncrementalBlocks } from './blocks';
import { disableRenderStats, enableRenderStats } from '../../../lib/render-stats';

afterEach(() => disableRenderStats());

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its entry limit', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('evicts by size budget, and replacing a key does not count it twice', () => {
    const cache = new LruCache<string, string>(100, 10, (_k, v) => v.length);
    cache.set('a', '12345');
    cache.set('a', '123456');
    expect(cache.totalSize).toBe(6);
    cache.set('b', '12345');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.totalSize).toBe(5);
  });
});

describe('finishedBlockHtml', () => {
  it('parses a finished block once and serves it from the cache after, by source', () => {
    clearBlockHtmlCache();
    const stats = enableRenderStats();
    const blocks = new IncrementalBlocks().update('# Hi\n\nSome **text**.\n\n```js\nlet a = 1;\n```', true);
    const first = blocks.finished.map((b) => finishedBlockHtml(b));
    expect(stats.blockParses).toBe(3);
    const again = new IncrementalBlocks().update('# Hi\n\nSome **text**.\n\n```js\nlet a = 1;\n```', true);
    const second = again.finished.map((b) => finishedBlockHtml(b));
    expect(stats.blockParses).toBe(3);
    expect(stats.blockCacheHits).toBe(3);
    expect(second).toEqual(first);
    expect(first[1]!.html).toBe('<p>Some <strong>text</strong>.</p>\n');
  });

  it('never caches the growing block', () => {
    clearBlockHtmlCache();
    const stats = enableRenderStats();
    const snapshot = new IncrementalBlocks().update('Growing para', false);
    liveBlockHtml(snapshot.live!);
    liveBlockHtml(snapshot.live!);
    expect(stats.blockParses).toBe(2);
    expect(stats.blockCacheHits).toBe(0);
  });

  it('flags blocks with math so KaTeX is loaded only for them', () => {
    const snapshot = new IncrementalBlocks().update('Plain.\n\nWith $x^2$ math.', true);
    expect(snapshot.finished.map((b) => finishedBlockHtml(b).hasMath)).toEqual([false, true]);
  });
});
