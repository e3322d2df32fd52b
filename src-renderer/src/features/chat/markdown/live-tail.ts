/**
 * The growing last block of a streaming answer, drawn straight into the DOM (no React render per update).
 *
 * Most updates only append text: the new characters go into one text node (`appendData`), at the end of the block's
 * innermost block-level element, so a paragraph, list item or table cell simply grows. The block is parsed as
 * Markdown (marked, then the sanitizer, like a finished block) only when it starts, when its kind changes (a line
 * became a list or a table, a fence opened), when its text changed other than by growing, and otherwise at most once
 * every `reparseMs`, so its formatting catches up a few times a second. An open code fence is plain text until it
 * closes; a closed fence shows its highlighted HTML from the finished blocks' cache (built once).
 *
 * Model output is untrusted: appended text only ever becomes a Text node's data, never markup; HTML is set only
 * through the sanitizer.
 */
import type { Tokens } from 'marked';
import { finishedBlockHtml, liveBlockHtml } from './block-html';
import { setSanitizedHtml } from './sanitize';
import type { Block } from './blocks';
import { countRender } from '../../../lib/render-stats';

/** How often, at most, the growing block is parsed again while text is only appended to it. */
export const REPARSE_MS = 200;

/** Elements appended text may go into: block containers, never inline ones (a link or bold word would swallow it). */
const TEXT_CONTAINERS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'DIV',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TD',
  'TH',
]);

/** The last child that is not whitespace between tags (the renderer ends blocks with a newline). */
function lastContent(element: Element): ChildNode | null {
  let node = element.lastChild;
  while (node && node.nodeType === Node.TEXT_NODE && !(node as Text).data.trim()) node = node.previousSibling;
  return node;
}

/** The innermost block container that ends the element (where the text after it belongs). */
function appendTarget(root: Element): Element {
  let element = root;
  for (;;) {
    const last = lastContent(element);
    if (!(last instanceof Element) || !TEXT_CONTAINERS.has(last.tagName)) return element;
    element = last;
  }
}

type Shown =
  | { kind: 'none' }
  /** Parsed HTML of `parsed`, then `appended` as plain text in `text`. */
  | { kind: 'html'; key: number; type: string; parsed: string; appended: string; text: Text | null }
  /** An open fence: its code as plain text. */
  | { kind: 'code'; key: number; info: string; code: string; text: Text }
  /** A fence that has closed: its finished HTML. */
  | { kind: 'closed'; key: number; source: string };

const NONE: Shown = { kind: 'none' };

export class LiveTail {
  private shown: Shown = NONE;
  private parsedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly root: HTMLElement,
    private readonly now: () => number = () => performance.now(),
    private readonly reparseMs = REPARSE_MS,
  ) {}

  /** Shows `block` (the live block of the latest update), doing the least work that makes the DOM match it. */
  show(block: Block | null): void {
    const shown = this.shown;
    if (!block) {
      if (shown.kind !== 'none') this.clear();
      return;
    }
    if (block.openFence) {
      this.showOpenFence(block);
      return;
    }
    const token = block.token;
    if (token.type === 'code' && (token as Tokens.Code).codeBlockStyle !== 'indented') {
      if (shown.kind === 'closed' && shown.key === block.key && shown.source === block.source) return;
      this.setHtml(finishedBlockHtml(block).html);
      this.shown = { kind: 'closed', key: block.key, source: block.source };
      return;
    }
    if (shown.kind === 'html' && shown.key === block.key && shown.type === token.type) {
      const showing = shown.parsed + shown.appended;
      if (block.source === showing) return;
      if (block.source.startsWith(showing) && this.now() - this.parsedAt < this.reparseMs) {
        this.append(shown, block.source.slice(showing.length));
        return;
      }
    }
    this.parse(block);
  }

  /** Forgets what is shown and empties the element (the block moved to the finished ones, or the answer ended). */
  clear(): void {
    this.root.replaceChildren();
    this.shown = NONE;
  }

  private parse(block: Block): void {
    countRender('tailParses');
    this.setHtml(liveBlockHtml(block).html);
    this.parsedAt = this.now();
    this.shown = {
      kind: 'html',
      key: block.key,
      type: block.token.type,
      parsed: block.source,
      appended: '',
      text: null,
    };
  }

  private append(shown: Extract<Shown, { kind: 'html' }>, delta: string): void {
    countRender('tailAppends');
    if (!shown.text) {
      // The parsed HTML dropped the source's trailing whitespace (a space, a soft line break): it separates words.
      shown.text = document.createTextNode(/\s$/.test(shown.parsed) ? ' ' : '');
      appendTarget(this.root).append(shown.text);
    }
    shown.text.appendData(delta);
    shown.appended += delta;
  }

  private showOpenFence(block: Block): void {
    const code = block.token as Tokens.Code;
    const info = code.lang ?? '';
    const shown = this.shown;
    if (shown.kind === 'code' && shown.key === block.key && shown.info === info) {
      if (code.text === shown.code) return;
      if (code.text.startsWith(shown.code)) {
        countRender('tailAppends');
        shown.text.appendData(code.text.slice(shown.code.length));
        shown.code = code.text;
        return;
      }
    }
    countRender('tailParses');
    const text = document.createTextNode(code.text);
    this.root.replaceChildren(openFenceFrame(info, text));
    this.shown = { kind: 'code', key: block.key, info, code: code.text, text };
  }

  private setHtml(html: string): void {
    setSanitizedHtml(this.root, html);
  }
}

/** The frame of a code block whose closing fence has not arrived: its language and its code, as text. */
function openFenceFrame(info: string, code: Text): HTMLElement {
  const frame = document.createElement('div');
  frame.className = 'md-code md-code-open';
  const bar = document.createElement('div');
  bar.className = 'md-code-bar';
  const lang = document.createElement('span');
  lang.className = 'md-code-lang';
  lang.textContent = info.trim().split(/\s+/)[0] ?? '';
  bar.append(lang);
  const pre = document.createElement('pre');
  const codeElement = document.createElement('code');
  codeElement.className = 'hljs';
  codeElement.append(code);
  pre.append(codeElement);
  frame.append(bar, pre);
  return frame;
}
