/**
 * A message's Markdown, rendered block by block. A message that arrived complete renders its blocks as memoized
 * components; one that streams here is drawn outside React (live-markdown.ts: finished blocks added as they finish,
 * the growing last block by live-tail.ts), so React renders it once, not per update. Either way a block's HTML comes
 * from a cache keyed by its source (parsed and highlighted once) and goes into the page through the sanitizer
 * (block-element.ts). Links open outside through main (after its check); code blocks' Copy buttons copy their code;
 * math renders with KaTeX on demand.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { copyText } from '../../../lib/clipboard';
import { openExternalLink } from '../../../lib/external';
import { LruCache } from './block-cache';
import { BLOCK_CLASS, fillBlock } from './block-element';
import { IncrementalBlocks, type Block, type BlockSnapshot } from './blocks';
import { LiveMarkdown } from './live-markdown';
import { countRender } from '../../../lib/render-stats';

/** Blocks of complete messages by text, so a message scrolled back into view is not lexed again. */
const completeSnapshots = new LruCache<string, BlockSnapshot>(400, 8_000_000, (text) => text.length);

function completeSnapshot(text: string): BlockSnapshot {
  const cached = completeSnapshots.get(text);
  if (cached) return cached;
  const snapshot = new IncrementalBlocks().update(text, true);
  completeSnapshots.set(text, snapshot);
  return snapshot;
}

const FinishedBlock = memo(function FinishedBlock({ block }: { block: Block }) {
  const ref = useRef<HTMLDivElement>(null);
  // Filled before the browser paints (a layout effect), through the sanitizer: React never sees the HTML.
  useLayoutEffect(() => {
    if (ref.current) fillBlock(ref.current, block);
  }, [block]);
  return <div ref={ref} className={BLOCK_CLASS} />;
});

const FinishedBlocks = memo(function FinishedBlocks({ blocks }: { blocks: readonly Block[] }) {
  return blocks.map((block) => <FinishedBlock key={block.key} block={block} />);
});

async function onCopyCode(button: HTMLButtonElement): Promise<void> {
  const code = button.closest('.md-code')?.querySelector('pre code')?.textContent ?? '';
  const ok = await copyText(code);
  button.textContent = ok ? 'Copied' : 'Copy failed';
  button.dataset.state = ok ? 'copied' : 'failed';
  setTimeout(() => {
    button.textContent = 'Copy';
    delete button.dataset.state;
  }, 1600);
}

function onMarkdownClick(event: MouseEvent<HTMLDivElement>): void {
  const target = event.target as Element;
  const link = target.closest('a[href]');
  if (link) {
    event.preventDefault();
    void openExternalLink(link.getAttribute('href') ?? '');
    return;
  }
  const copy = target.closest<HTMLButtonElement>('button[data-copy]');
  if (copy) void onCopyCode(copy);
}

/** Middle-click and modified clicks must not open the link in the page either. */
function onAuxClick(event: MouseEvent<HTMLDivElement>): void {
  if ((event.target as Element).closest('a[href]')) event.preventDefault();
}

import type { LiveText } from '../../../stores/stream';
export type { LiveText };

type MarkdownProps = { text: string; live?: undefined } | { live: LiveText; text?: undefined };

/**
 * Markdown of a complete message (`text`), or of one being streamed (`live`). A message streamed here is drawn by
 * `LiveMarkdown` into this element, and keeps its blocks when it completes (only what was still growing is lexed
 * again); one that arrived complete renders its blocks here, from the cache.
 */
export const Markdown = memo(function Markdown({ text, live }: MarkdownProps) {
  const [markdown] = useState(() => {
    const created = new LiveMarkdown();
    if (live) created.stream(live.read());
    return created;
  });
  const [streamedHere, setStreamedHere] = useState(Boolean(live));
  // A message shown from storage whose stream this window then follows: from here on it is drawn as streamed.
  if (live && !streamedHere) setStreamedHere(true);
  const completeBlocks = useMemo(
    () => (text === undefined || streamedHere ? null : completeSnapshot(text).finished),
    [streamedHere, text],
  );
  const container = useRef<HTMLDivElement>(null);
  const tail = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!live) return;
    markdown.attachTail(tail.current);
    const unsubscribe = live.subscribe((grown) => markdown.stream(grown));
    // Text that came between the first render and now.
    markdown.stream(live.read());
    return () => {
      unsubscribe();
      markdown.attachTail(null);
    };
  }, [markdown, live]);
  // After the tail is attached, so the finished blocks go before it.
  useLayoutEffect(() => {
    if (!streamedHere) return;
    markdown.attachContainer(container.current);
    return () => markdown.attachContainer(null);
  }, [markdown, streamedHere]);
  // Complete (after React took the tail away): what was still growing joins the blocks.
  useLayoutEffect(() => {
    if (streamedHere && text !== undefined) markdown.complete(text);
  }, [markdown, streamedHere, text]);
  countRender('blockListRenders');
  return (
    <div
      ref={container}
      className={`markdown${live ? ' is-streaming' : ''}`}
      onClick={onMarkdownClick}
      onAuxClick={onAuxClick}
    >
      {completeBlocks && <FinishedBlocks blocks={completeBlocks} />}
      {live && <div ref={tail} className={`${BLOCK_CLASS} md-live`} />}
    </div>
  );
});
