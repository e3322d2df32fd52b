/**
 * The HTML of a finished block, memoized by its source: a block is parsed and highlighted once, however often it is
 * rendered (a message scrolled out and back in, the same snippet in two messages). It is the renderer's HTML: it
 * reaches the page only through `setSanitizedHtml` (sanitize.ts).
 */
import { LruCache } from './block-cache';
import type { Block } from './blocks';
import { renderBlockHtml, renderOpenCodeHtml, tokenHasMath } from './render-html';
import { countRender } from '../../../lib/render-stats';
import type { Tokens } from 'marked';

export type BlockHtml = { readonly html: string; readonly hasMath: boolean };

/** About 8 MB of HTML (UTF-16) or 4,000 blocks, whichever comes first. */
const cache = new LruCache<string, BlockHtml>(
  4000,
  4_000_000,
  (key, value) => key.length + value.html.length,
);

function build(block: Block): BlockHtml {
  countRender('blockParses');
  if (block.openFence) {
    const code = block.token as Tokens.Code;
    return { html: renderOpenCodeHtml(code.text, code.lang), hasMath: false };
  }
  return { html: renderBlockHtml(block.token), hasMath: tokenHasMath(block.token) };
}

/** A finished block's HTML, from the cache when it was built before. */
export function finishedBlockHtml(block: Block): BlockHtml {
  const hit = cache.get(block.source);
  if (hit) {
    countRender('blockCacheHits');
    return hit;
  }
  const built = build(block);
  cache.set(block.source, built);
  return built;
}

/** The growing last block's HTML: built fresh each update (its source changes every time), never cached. */
export function liveBlockHtml(block: Block): BlockHtml {
  return build(block);
}

export function clearBlockHtmlCache(): void {
  cache.clear();
}
