// @vitest-environment jsdom
/**
 * The streaming Markdown in React (react-dom in jsdom, DOMPurify as the sanitizer): React renders a streamed message
 * once, its updates are drawn outside React; a block that finished is rendered once and never again, also when the
 * answer completes; the page never shows a block twice or loses one; what it ends with is what a complete message
 * shows.
 * Counted with `__modeldeskRenderStats`, not timed.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearBlockHtmlCache } from './block-html';
import { IncrementalBlocks } from './blocks';
import { Markdown, type LiveText } from './Markdown';
import { disableRenderStats, enableRenderStats, type RenderStats } from '../../../lib/render-stats';

/** An answer with most kinds of block (no math: KaTeX renders asynchronously). */
const ANSWER = `# Plan

Here is what we will do, in **three** steps, with \`inline code\` and a [link](https://example.com).

1. Parse the input
2. Validate it
   - check the schema
3. Store it

| Model | Input | Output |
|:------|------:|:------:|
| small | 0.15 | 0.60 |
| large | 3.00 | 15.00 |

\`\`\`ts
export function add(a: number, b: number): number {
  return a + b;
}
\`\`\`

> A quote that goes on
> for two lines.

Final paragraph with <img src=x onerror="window.__pwned = 1"> in it, and the end.
`;

/** A stream's text as the store would hand it over: read, and followed by subscription. */
function liveSource() {
  let text = '';
  const listeners = new Set<(text: string) => void>();
  const source: LiveText = {
    read: () => text,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    push(chunk: string) {
      text += chunk;
      for (const listener of listeners) listener(text);
    },
  };
}

/** The HTML of a message that arrived complete, rendered on its own. */
function arrivedComplete(text: string): string {
  const fresh = document.createElement('div');
  const freshRoot = createRoot(fresh);
  act(() => freshRoot.render(<Markdown text={text} />));
  const html = fresh.innerHTML;
  act(() => freshRoot.unmount());
  return html;
}

const finishedCount = (text: string) => new IncrementalBlocks().update(text, false).finished.length;
const visible = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

let container: HTMLElement;
let root: Root;
let stats: RenderStats;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

beforeEach(() => {
  clearBlockHtmlCache();
  container = document.createElement('div');
  document.body.replaceChildren(container);
  root = createRoot(container);
  stats = enableRenderStats();
});

afterEach(() => {
  act(() => root.unmount());
  disableRenderStats();
});

describe('Markdown while streaming', () => {
  it('renders in React once; each finished block is added once, outside React; the rest is appended', () => {
    const live = liveSource();
    act(() => root.render(<Markdown live={live.source} />));
    let updates = 0;
    for (let at = 0; at < ANSWER.length; at += 3) {
      act(() => live.push(ANSWER.slice(at, at + 3)));
      updates++;
      // Never a raw-HTML element from the model, between parses or after them.
      expect(container.querySelector('img, [onerror]')).toBeNull();
      // The finished blocks and the growing one, each shown once: no block is lost or doubled at a boundary.
      const streamed = ANSWER.slice(0, at + 3);
      expect(container.querySelectorAll('.md-block:not(.md-live)')).toHaveLength(finishedCount(streamed));
    }
    const blocks = finishedCount(ANSWER);
    expect(blocks).toBeGreaterThan(5);
    // One render at mount: neither an update nor a finished block renders the message again.
    expect(stats.blockListRenders).toBe(1);
    expect(stats.finishedBlockRenders).toBe(blocks);
    // Most updates were appends; parses happen when a block starts, changes kind or on the cadence.
    expect(stats.tailAppends + stats.tailParses).toBeLessThanOrEqual(updates);
    expect(stats.tailAppends).toBeGreaterThan(stats.tailParses);
    expect(visible(container)).toContain(
      'Final paragraph with <img src=x onerror="window.__pwned = 1"> in it',
    );
  });

  it('keeps the finished blocks when the answer completes, rendering only what was still growing', () => {
    const live = liveSource();
    act(() => root.render(<Markdown live={live.source} />));
    for (let at = 0; at < ANSWER.length; at += 7) act(() => live.push(ANSWER.slice(at, at + 7)));
    const finishedWhileStreaming = stats.finishedBlockRenders;
    const firstBlock = container.querySelector('.md-block');
    act(() => root.render(<Markdown text={ANSWER} />));
    const total = new IncrementalBlocks().update(ANSWER, true).finished.length;
    expect(stats.finishedBlockRenders - finishedWhileStreaming).toBe(total - finishedWhileStreaming);
    expect(container.querySelector('.md-block')).toBe(firstBlock);
    expect(container.querySelector('.md-live')).toBeNull();
    expect(container.querySelector('.markdown.is-streaming')).toBeNull();

    // What it shows is what a message that arrived complete shows.
    expect(container.innerHTML).toBe(arrivedComplete(ANSWER));
  });

  it('ends as the text it is given when that is not the streamed text continued', () => {
    const live = liveSource();
    act(() => root.render(<Markdown live={live.source} />));
    act(() => live.push('# Draft\n\nA first paragraph.\n\nA second one that grows'));
    const other = '# Final\n\nSomething else entirely.\n\n- and a list';
    act(() => root.render(<Markdown text={other} />));
    expect(container.innerHTML).toBe(arrivedComplete(other));
  });

  it('draws a message shown from storage as streamed once this window follows its stream', () => {
    act(() => root.render(<Markdown text={'# Plan\n\nStored so far'} />));
    const live = liveSource();
    live.push('# Plan\n\nStored so far');
    act(() => root.render(<Markdown live={live.source} />));
    act(() => live.push(', and more.\n\nA new paragraph'));
    expect(container.querySelectorAll('h1')).toHaveLength(1);
    expect(visible(container)).toBe('Plan Stored so far, and more. A new paragraph');
    act(() => root.render(<Markdown text={'# Plan\n\nStored so far, and more.\n\nA new paragraph.'} />));
    expect(container.querySelectorAll('.md-block')).toHaveLength(3);
    expect(container.querySelector('.md-live')).toBeNull();
    expect(visible(container)).toBe('Plan Stored so far, and more. A new paragraph.');
  });

  it('parses, highlights and sanitizes each closed block once, however many updates it took', () => {
    const code = '```ts\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```\n\nAfter.';
    const live = liveSource();
    act(() => root.render(<Markdown live={live.source} />));
    for (const char of code) act(() => live.push(char));
    // The open fence was plain text all along (no parse per character); once closed, its HTML was built once and
    // reused when the block finished.
    const highlighted = container.querySelectorAll('code.language-ts');
    expect(highlighted).toHaveLength(1);
    expect(highlighted[0]?.querySelector('span')).not.toBeNull();
    expect(container.querySelector('.md-code-copy')).not.toBeNull();
    expect(stats.blockCacheHits).toBeGreaterThanOrEqual(1);
    expect(stats.tailAppends).toBeGreaterThan(code.length / 2);
  });
});
