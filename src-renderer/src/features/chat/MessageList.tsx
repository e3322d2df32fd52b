import { ArrowDown } from 'lucide-react';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { Message } from '@contract/conversations';
import { onRevealMessage } from '../../stores/chat';
import { GrowthReserve } from './growth-reserve';
import { MessageView, type MessageActions } from './MessageView';

type ListContext = {
  actions: MessageActions;
  lastIndex: number;
  revealed: string | null;
  /** Gives a streaming answer's row room to grow into (growth-reserve.ts); returns what takes it away. */
  reserve: (row: HTMLElement) => () => void;
};

const MessageRow = memo(function MessageRow({
  index,
  message,
  context: { actions, lastIndex, revealed, reserve },
}: {
  index: number;
  message: Message;
  context: ListContext;
}) {
  const row = useRef<HTMLDivElement>(null);
  const streaming = index === lastIndex && message.status === 'streaming';
  useLayoutEffect(() => (streaming && row.current ? reserve(row.current) : undefined), [streaming, reserve]);
  return (
    <div
      ref={row}
      className={`message-row${index === lastIndex ? ' is-last' : ''}${message.id === revealed ? ' is-revealed' : ''}`}
    >
      <MessageView message={message} actions={actions} />
    </div>
  );
});

const itemContent = (index: number, message: Message, context: ListContext) => (
  <MessageRow index={index} message={message} context={context} />
);

const computeKey = (_index: number, message: Message) => message.id;

function Spacer() {
  return <div className="message-list-spacer" />;
}

const COMPONENTS = { Header: Spacer, Footer: Spacer };
const SCROLL_UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

/**
 * The conversation, virtualized: only the messages in view (and a margin) are in the DOM, whatever the length.
 * It opens at the latest message and stays there while content grows (a streaming answer, math or images
 * rendering), until the reader scrolls up; then "Jump to latest" brings them back.
 */
export function MessageList({
  messages,
  actions,
}: {
  messages: readonly Message[];
  actions: MessageActions;
}) {
  const list = useRef<VirtuosoHandle>(null);
  // Whether to keep the end in view: on until the reader scrolls up, on again once they are back at the bottom.
  const follow = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const scroller = useRef<HTMLElement | null>(null);
  // The streaming answer's room, while there is one: it follows the answer (the list does otherwise).
  const growing = useRef<GrowthReserve | null>(null);
  const reserve = useCallback((row: HTMLElement) => {
    const content = row.firstElementChild;
    const element = scroller.current;
    if (!element || !(content instanceof HTMLElement)) return () => {};
    const created = new GrowthReserve(row, content, { scroller: element, following: () => follow.current });
    growing.current = created;
    return () => {
      created.release();
      if (growing.current === created) growing.current = null;
    };
  }, []);
  const context = useMemo<ListContext>(
    () => ({ actions, lastIndex: messages.length - 1, revealed, reserve }),
    [actions, messages.length, revealed, reserve],
  );
  // A link to a message (the cost review): scroll to it, stop following the end, and mark it for a moment.
  useEffect(
    () =>
      onRevealMessage((id) => {
        const index = messages.findIndex((m) => m.id === id);
        if (index < 0) return;
        follow.current = false;
        list.current?.scrollToIndex({ index, align: 'center', behavior: 'auto' });
        setRevealed(id);
      }),
    [messages],
  );

  const followOutput = useCallback((): 'auto' | false => (follow.current ? 'auto' : false), []);
  const onAtBottom = useCallback((atBottom: boolean) => {
    if (atBottom) follow.current = true;
    setShowJump(!atBottom && !follow.current);
  }, []);
  // The list follows a new message by scrolling to its own end, which includes the room below a streaming answer.
  const keepAnswerEnd = useCallback(() => {
    if (follow.current) growing.current?.reveal();
  }, []);
  /** Keeps the end in view while following: the streaming answer's end when it has room to grow, else the list's. */
  const showEnd = useCallback(() => {
    if (growing.current) growing.current.reveal();
    else list.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
  }, []);
  const onHeightChange = useCallback(() => {
    if (follow.current) showEnd();
  }, [showEnd]);
  const setScroller = useCallback(
    (el: HTMLElement | Window | null) => {
      scroller.current?.removeEventListener('scroll', keepAnswerEnd);
      scroller.current = el instanceof HTMLElement ? el : null;
      scroller.current?.addEventListener('scroll', keepAnswerEnd, { passive: true });
    },
    [keepAnswerEnd],
  );
  /** The reader moved up: stop following (unless there is nothing above to scroll to). */
  const stopFollowing = useCallback(() => {
    const el = scroller.current;
    if (!el || el.scrollTop <= 0 || el.scrollHeight <= el.clientHeight) return;
    follow.current = false;
    setShowJump(true);
  }, []);
  const jump = () => {
    follow.current = true;
    setShowJump(false);
    showEnd();
  };

  return (
    <div
      className="message-list"
      onWheel={(e) => e.deltaY < 0 && stopFollowing()}
      onTouchMove={stopFollowing}
      onKeyDown={(e: KeyboardEvent) =>
        e.target === scroller.current && SCROLL_UP_KEYS.has(e.key) && stopFollowing()
      }
      onPointerDown={(e) => {
        // A press on the scrollbar (right of the content box) starts a drag.
        const el = scroller.current;
        if (el && e.target === el && e.nativeEvent.offsetX > el.clientWidth) stopFollowing();
      }}
    >
      <Virtuoso
        ref={list}
        scrollerRef={setScroller}
        className="message-scroller"
        tabIndex={0}
        role="region"
        aria-label="Messages"
        data={messages}
        context={context}
        computeItemKey={computeKey}
        itemContent={itemContent}
        components={COMPONENTS}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        followOutput={followOutput}
        atBottomStateChange={onAtBottom}
        totalListHeightChanged={onHeightChange}
        atBottomThreshold={64}
        increaseViewportBy={{ top: 800, bottom: 400 }}
        defaultItemHeight={160}
        // Measure a grown answer in the frame that grew it: virtuoso otherwise waits for the next animation frame,
        // so every streamed update cost two frames of style, layout and paint instead of one (issue 16).
        skipAnimationFrameInResizeObserver
      />
      {showJump && messages.length > 0 && (
        <button type="button" className="jump-latest" onClick={jump}>
          <ArrowDown size={14} aria-hidden />
          Jump to latest
        </button>
      )}
    </div>
  );
}
