/**
 * A message's Markdown, rendered block by block. Finished blocks are memoized components whose HTML comes from a
 * cache keyed by their source, so a streaming update re-renders only the growing last block. Links open outside
 * through main (after its check); code blocks' Copy buttons copy their code; math renders with KaTeX on demand.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Tokens } from 'marked';
import { copyText } from '../../../lib/clipboard';
import { openExternalLink } from '../../../lib/external';
import { LruCache } from './block-cache';
import { finishedBlockHtml, liveBlockHtml } from './block-html';
import { IncrementalBlocks, type Block, type BlockSnapshot } from './blocks';
import { renderMath } from './math-render';
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
  useLayoutEffect(() => {
    if (hasMath && ref.current) void renderMath(ref.current);
  }, [html, hasMath]);
  return <div ref={ref} className="md-block" dangerouslySetInnerHTML={{ __html: html }} />;
});

const FinishedBlocks = memo(function FinishedBlocks({ blocks }: { blocks: readonly Block[] }) {
  return blocks.map((block) => <FinishedBlock key={block.key} block={block} />);
});

function LiveBlock({ block }: { block: Block }) {
  countRender('liveBlockRenders');
  if (block.openFence) {
    const code = block.token as Tokens.Code;
    const language = (code.lang ?? '').trim().split(/\s+/)[0] ?? '';
    return (
      <div className="md-block md-live">
        <div className="md-code md-code-open">
          <div className="md-code-bar">
            <span className="md-code-lang">{language}</span>
          </div>
          <pre>
            <code className="hljs">{code.text}</code>
          </pre>
        </div>
      </div>
    );
  }
  // A code block whose fence has closed cannot change any more: its highlighted HTML is cached like a finished block.
  const closedFence =
    block.token.type === 'code' && (block.token as Tokens.Code).codeBlockStyle !== 'indented';
  const { html } = closedFence ? finishedBlockHtml(block) : liveBlockHtml(block);
  return <div className="md-block md-live" dangerouslySetInnerHTML={{ __html: html }} />;
}

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

export const Markdown = memo(function Markdown({ text, streaming }: { text: string; streaming: boolean }) {
  const [blocks] = useState(() => new IncrementalBlocks());
  // A message that streamed here keeps its incremental blocks when it completes (only the tail is lexed again);
  // one that arrived complete takes its blocks from the cache.
  const [streamedHere] = useState(streaming);
  const snapshot = useMemo(
    () => (streamedHere ? blocks.update(text, !streaming) : completeSnapshot(text)),
    [blocks, streamedHere, text, streaming],
  );
  return (
    <div
      className={`markdown${streaming ? ' is-streaming' : ''}`}
      onClick={onMarkdownClick}
      onAuxClick={onAuxClick}
    >
      <FinishedBlocks blocks={snapshot.finished} />
      {snapshot.live && <LiveBlock block={snapshot.live} />}
    </div>
  );
});
