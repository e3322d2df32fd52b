/**
 * The HTML of a finished block, memoized by its source: a block is parsed, highlighted and sanitized once, however
 * often it is rendered (a message scrolled out and back in, the same snippet in two messages).
 */
import { LruCache } from './block-cache';
import type { Block } from './blocks';
import { renderBlockHtml, renderOpenCodeHtml, tokenHasMath } from './render-html';
import { countRender } from '../../../lib/render-stats';
import type { Tokens } from 'marked';

export type BlockHtml = { readonly html: string; readonly hasMath: boolean };

export type Sanitizer = (html: string) => string;

/** About 8 MB of HTML (UTF-16) or 4,000 blocks, whichever comes first. */
const cache = new LruCache<string, BlockHtml>(
  4000,
  4_000_000,
  (key, value) => key.length + value.html.length,
);

let sanitize: Sanitizer = (html) => html;

/** Installs the sanitizer every block's HTML goes through (DOMPurify in the browser). */
export function setSanitizer(next: Sanitizer): void {
  sanitize = next;
  cache.clear();
}

function build(block: Block): BlockHtml {
  countRender('blockParses');
  if (block.openFence) {
    const code = block.token as Tokens.Code;
    return { html: sanitize(renderOpenCodeHtml(code.text, code.lang)), hasMath: false };
  }
  return { html: sanitize(renderBlockHtml(block.token)), hasMath: tokenHasMath(block.token) };
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
