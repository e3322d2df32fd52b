/**
 * A message's Markdown, rendered block by block. Finished blocks are memoized components whose HTML comes from a
 * cache keyed by their source (parsed and highlighted once) and goes into the page through the sanitizer; while a
 * message streams, its growing last block is drawn outside React (live-tail.ts), so an update that does not finish a
 * block renders nothing. Links open outside through main (after its check); code blocks' Copy buttons copy their
 * code; math renders with KaTeX on demand.
 */
import {
  memo,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type MouseEvent,
} from 'react';
import { copyText } from '../../../lib/clipboard';
import { openExternalLink } from '../../../lib/external';
import { LruCache } from './block-cache';
import { finishedBlockHtml } from './block-html';
import { IncrementalBlocks, type Block, type BlockSnapshot } from './blocks';
import { LiveMarkdown } from './live-markdown';
import { renderMath } from './math-render';
import { setSanitizedHtml } from './sanitize';
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
  countRender('finishedBlockRenders');
  const { html, hasMath } = finishedBlockHtml(block);
  const ref = useRef<HTMLDivElement>(null);
  // Set before the browser paints (a layout effect), through the sanitizer: React never sees the HTML.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setSanitizedHtml(element, html);
    if (hasMath) void renderMath(element);
  }, [html, hasMath]);
  return <div ref={ref} className="md-block" />;
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
 * Markdown of a complete message (`text`), or of one being streamed (`live`): its finished blocks are React
 * components rendered once each, and its growing last block is drawn by `LiveTail` without React. A message that
 * streamed here keeps its blocks when it completes (only what was still growing is lexed again); one that arrived
 * complete takes its blocks from the cache.
 */
export const Markdown = memo(function Markdown({ text, live }: MarkdownProps) {
  const [markdown] = useState(() => {
    const created = new LiveMarkdown();
    if (live) created.stream(live.read());
    return created;
  });
  const [streamedHere] = useState(Boolean(live));
  const streamedFinished = useSyncExternalStore(markdown.subscribe, markdown.finishedBlocks);
  const completeBlocks = useMemo(
    () =>
      text === undefined ? null : (streamedHere ? markdown.complete(text) : completeSnapshot(text)).finished,
    [markdown, streamedHere, text],
  );
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
  useLayoutEffect(() => markdown.syncTail(), [markdown, streamedFinished]);
  if (live) countRender('blockListRenders');
  return (
    <div
      className={`markdown${live ? ' is-streaming' : ''}`}
      onClick={onMarkdownClick}
      onAuxClick={onAuxClick}
    >
      <FinishedBlocks blocks={completeBlocks ?? streamedFinished} />
      {live && <div ref={tail} className="md-block md-live" />}
    </div>
  );
});
