/**
 * A finished block in the page: its HTML (parsed and highlighted once, from the cache) set through the sanitizer,
 * then its math rendered. The one way a finished block reaches the DOM, whether React placed its element (a message
 * that arrived complete) or the streaming Markdown did (live-markdown.ts).
 */
import { finishedBlockHtml } from './block-html';
import type { Block } from './blocks';
import { renderMath } from './math-render';
import { setSanitizedHtml } from './sanitize';
import { countRender } from '../../../lib/render-stats';

export const BLOCK_CLASS = 'md-block';

export function fillBlock(element: HTMLElement, block: Block): void {
  countRender('finishedBlockRenders');
  const { html, hasMath } = finishedBlockHtml(block);
  setSanitizedHtml(element, html);
  if (hasMath) void renderMath(element);
}

/** A new element holding `block`. */
export function blockElement(block: Block): HTMLDivElement {
  const element = document.createElement('div');
  element.className = BLOCK_CLASS;
  fillBlock(element, block);
  return element;
}
