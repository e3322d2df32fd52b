/**
 * Splits a growing Markdown message into blocks, incrementally.
 *
 * Appending text can only change the last block of a message, so a block is "finished" once another block has
 * started after it. Finished blocks are kept (same objects, never lexed again); each update lexes only the text from
 * the end of the last finished block onwards. The work per update depends on the size of the last block, not on the
 * length of the message. When the message is complete, every block is finished.
 */
import type { Token, Tokens } from 'marked';
import { lexBlocks } from './render-html';
import { countRender } from '../../../lib/render-stats';

export type Block = {
  /** Offset of the block in the message: stable for a finished block, used as its React key. */
  readonly key: number;
  /** The block's Markdown source (its raw text). */
  readonly source: string;
  readonly token: Token;
  readonly finished: boolean;
  /** A fenced code block whose closing fence has not arrived (shown plain until it does). */
  readonly openFence: boolean;
};

export type BlockSnapshot = {
  /** Finished blocks, oldest first (the array is new when one was added; the blocks themselves never change). */
  readonly finished: readonly Block[];
  /** The growing last block while the message streams; null when complete or empty. */
  readonly live: Block | null;
};

/** Normalizes line endings the way marked's lexer does, so offsets match the lexed text. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Whether a fenced code block's raw source ends with its closing fence. */
export function isFenceClosed(raw: string): boolean {
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
  if (!open) return true;
  const fence = open[1]!;
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return false;
  const last = lines[lines.length - 1]!.trim();
  return last.length >= fence.length && last === fence[0]!.repeat(last.length);
}

function isOpenFence(token: Token): boolean {
  return (
    token.type === 'code' && (token as Tokens.Code).codeBlockStyle !== 'indented' && !isFenceClosed(token.raw)
  );
}

const EMPTY: BlockSnapshot = { finished: [], live: null };

export class IncrementalBlocks {
  private text = '';
  private complete = false;
  private finished: Block[] = [];
  /** Where the finished blocks end in `text`: lexing resumes here. */
  private finishedEnd = 0;
  private snapshot: BlockSnapshot = EMPTY;

  /** The blocks of `text`. `complete` says no more text will be appended. */
  update(rawText: string, complete: boolean): BlockSnapshot {
    const text = normalizeNewlines(rawText);
    if (text === this.text && complete === this.complete) return this.snapshot;
    if (!this.continues(text)) this.reset();
    this.text = text;
    this.complete = complete;

    const tail = text.slice(this.finishedEnd);
    countRender('lexRuns');
    countRender('lexedChars', tail.length);
    const tokens = tail.length > 0 ? lexBlocks(tail) : [];

    let lastContent = -1;
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (tokens[i]!.type !== 'space') {
        lastContent = i;
        break;
      }
    }
    const finishUpTo = complete ? tokens.length : lastContent;
    let offset = this.finishedEnd;
    let added = false;
    let live: Block | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (i < finishUpTo) {
        if (token.type !== 'space') {
          this.finished.push({ key: offset, source: token.raw, token, finished: true, openFence: false });
          added = true;
        }
        offset += token.raw.length;
        this.finishedEnd = offset;
      } else if (i === lastContent) {
        live = { key: offset, source: token.raw, token, finished: false, openFence: isOpenFence(token) };
        break;
      }
    }
    this.snapshot = { finished: added ? [...this.finished] : this.snapshot.finished, live };
    return this.snapshot;
  }

  /** Is `text` this block list's text with more appended (the finished part unchanged)? Costs O(unfinished tail). */
  private continues(text: string): boolean {
    if (this.complete || text.length < this.text.length) return false;
    const unfinished = this.text.slice(this.finishedEnd);
    // The finished part is not compared in full (that would cost O(message)); its first and last characters guard
    // against a message replaced by another one of the same length.
    const edge = Math.max(0, this.finishedEnd - 1);
    return (
      text.startsWith(unfinished, this.finishedEnd) &&
      text[0] === this.text[0] &&
      text[edge] === this.text[edge]
    );
  }

  private reset(): void {
    this.text = '';
    this.finished = [];
    this.finishedEnd = 0;
    this.snapshot = EMPTY;
  }
}
