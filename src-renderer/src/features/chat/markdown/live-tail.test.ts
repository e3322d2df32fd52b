// @vitest-environment jsdom
/**
 * The growing last block, drawn into a real DOM (jsdom) with DOMPurify as the sanitizer, as in the app: text is
 * appended to one text node between parses, the block is parsed again when it starts, changes kind or after the
 * cadence, and untrusted text never becomes markup.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearBlockHtmlCache } from './block-html';
import { IncrementalBlocks, type Block } from './blocks';
import { LiveTail, REPARSE_MS } from './live-tail';
import { disableRenderStats, enableRenderStats, type RenderStats } from '../../../lib/render-stats';

let clock = 0;
let root: HTMLElement;
let tail: LiveTail;
let stats: RenderStats;
let blocks: IncrementalBlocks;

/** What the tail reads as (whitespace between tags collapsed, as the page shows it). */
const shownText = () => (root.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The live block of `text` (as the streaming Markdown computes it), shown in the tail. */
function show(text: string): Block | null {
  const live = blocks.update(text, false).live;
  tail.show(live);
  return live;
}

beforeEach(() => {
  clearBlockHtmlCache();
  clock = 1000;
  root = document.createElement('div');
  document.body.replaceChildren(root);
  tail = new LiveTail(root, () => clock);
  stats = enableRenderStats();
  blocks = new IncrementalBlocks();
});

afterEach(() => disableRenderStats());

describe('LiveTail', () => {
  it('parses a block when it starts, then appends text to one text node until the cadence is due', () => {
    show('Hello');
    expect(stats.tailParses).toBe(1);
    const paragraph = root.querySelector('p');
    expect(paragraph?.textContent).toBe('Hello');

    let text = 'Hello';
    for (const word of [' there,', ' how', ' are', ' you']) {
      clock += 16;
      text += word;
      show(text);
    }
    expect(stats.tailParses).toBe(1);
    expect(stats.tailAppends).toBe(4);
    // The same paragraph element grew: nothing was rebuilt.
    expect(root.querySelector('p')).toBe(paragraph);
    expect(paragraph?.textContent).toBe('Hello there, how are you');
    expect(paragraph?.childNodes).toHaveLength(2);
  });

  it('parses again once REPARSE_MS has passed, so the formatting catches up', () => {
    show('Some ');
    clock += 16;
    show('Some **bold** words');
    expect(root.querySelector('strong')).toBeNull();
    expect(shownText()).toBe('Some **bold** words');

    clock += REPARSE_MS;
    show('Some **bold** words and');
    expect(stats.tailParses).toBe(2);
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(shownText()).toBe('Some bold words and');
  });

  it('does nothing for an update that did not change the block', () => {
    show('Same text');
    clock += 500;
    show('Same text');
    expect(stats.tailParses).toBe(1);
    expect(stats.tailAppends).toBe(0);
  });

  it('appends inside the last block element (a list item, a table cell), not after it or into a bold word', () => {
    show('- first\n- second **two**');
    clock += 16;
    show('- first\n- second **two** and more');
    const items = root.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[1]?.textContent).toBe('second two and more');
    expect(items[1]?.querySelector('strong')?.textContent).toBe('two');
  });

  it('parses at once when the block changes kind (a line became a table)', () => {
    show('| a | b |');
    expect(root.querySelector('table')).toBeNull();
    clock += 16;
    show('| a | b |\n|---|---|\n| 1 | 2 |');
    expect(stats.tailParses).toBe(2);
    expect(root.querySelectorAll('td')).toHaveLength(2);
  });

  it('shows an open fence as plain text, appended, and its code is never markup', () => {
    show('```html\n<b>');
    const code = root.querySelector('.md-code-open pre code');
    expect(code?.textContent).toBe('<b>');
    expect(root.querySelector('.md-code-lang')?.textContent).toBe('html');
    clock += 16;
    show('```html\n<b>bold</b>\n<img src=x onerror="alert(1)">');
    expect(root.querySelector('.md-code-open pre code')).toBe(code);
    expect(code?.textContent).toBe('<b>bold</b>\n<img src=x onerror="alert(1)">');
    expect(root.querySelector('img, b')).toBeNull();
    expect(stats.tailParses).toBe(1);
    expect(stats.tailAppends).toBe(1);
  });

  it('keeps untrusted text inert between parses, and the parse sanitizes it', () => {
    show('Look ');
    clock += 16;
    show('Look <img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>');
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.textContent).toContain('<img src=x');
    clock += REPARSE_MS;
    show(
      'Look <img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script> [x](javascript:alert(1))',
    );
    expect(stats.tailParses).toBe(2);
    expect(root.querySelector('img, script, [onerror], a')).toBeNull();
    expect(root.textContent).toContain('<img src=x');
  });

  it('shows a fence that has closed with its highlighted HTML, built once and shared with the finished block', () => {
    show('```ts\nconst a = 1;\n```');
    expect(root.querySelector('.md-code-copy')).not.toBeNull();
    expect(root.querySelector('code.language-ts span')).not.toBeNull();
    const parses = stats.blockParses;
    clock += 500;
    show('```ts\nconst a = 1;\n```');
    expect(stats.blockParses).toBe(parses);
  });

  it('empties itself when there is no growing block', () => {
    show('Text');
    tail.show(null);
    expect(root.childNodes).toHaveLength(0);
  });
});
