/**
 * Conversations as Markdown: a title, then each message under a heading with its role, the model that answered
 * and the time; images as links to files beside the document or embedded as data: URLs; reasoning in a collapsed
 * block; an optional footer with each answer's tokens and cost and the total (unknown stays unknown).
 *
 * Fences: wherever this writer wraps text in a code fence, the fence is one backtick longer than the longest run
 * of backticks in the text, so content that itself contains ``` can never close it. A message whose own fence
 * was never closed (an answer cut off mid-code) is closed with a matching fence, so it cannot swallow the
 * messages after it.
 */
import type { Attachment, Conversation, Message } from '@contract/conversations';
import type { ToolCallRecord } from '@contract/tools';
import { answerCertainty, formatCertainCost, formatCostTotal } from '@contract/money';
import { totalInputTokens, totalOutputTokens } from '@contract/usage';

/** A fence for `text`: at least three backticks, and longer than any run of backticks in it. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `text` inside a code fence that nothing in it can close. */
export function fenced(text: string, language = ''): string {
  const fence = fenceFor(text);
  const info = language.replace(/[`\s]/g, '').slice(0, 40);
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/**
 * Closes a fenced code block left open at the end of `text` (CommonMark: a fence of backticks or tildes, closed by
 * one of the same character at least as long).
 */
export function closeOpenFence(text: string): string {
  let open: { char: string; length: number } | null = null;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!match) continue;
    const run = match[1]!;
    const char = run[0]!;
    if (!open) {
      if (char === '`' && match[2]!.includes('`')) continue;
      open = { char, length: run.length };
    } else if (char === open.char && run.length >= open.length && match[2]!.trim() === '') {
      open = null;
    }
  }
  return open ? `${text}\n${open.char.repeat(open.length)}` : text;
}

export type MarkdownImages = 'files' | 'embedded';

export type MarkdownOptions = {
  /** Display name of a model reference (`anthropic:claude-sonnet-4-5` → "Claude Sonnet 4.5"). */
  modelName: (ref: string) => string;
  images: MarkdownImages;
  /** The link to an image file beside the document (`images/<hash>.png`), or its data: URL when embedded. */
  imageTarget: (attachment: Attachment) => string;
  costs: boolean;
  timeZone?: string;
};

const ROLE_WORDS: Record<Message['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
  summary: 'Summary of earlier messages',
};

function when(at: number, timeZone: string | undefined): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-CA', {
    dateStyle: 'short',
    timeStyle: 'short',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** Text that goes on a heading line: one line, no Markdown that could end or restyle it. */
function headingText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]#<>])/g, '\\$1')
    .trim();
}

function altText(text: string): string {
  return text.replace(/[[\]\\\n]/g, ' ').trim();
}

const CALL_STATES: Record<ToolCallRecord['state'], string> = {
  'awaiting-approval': 'not answered',
  running: 'did not finish',
  done: 'done',
  error: 'failed',
  denied: 'denied',
};

/** An answer that used tools: each round's text, then the calls it made (arguments and result fenced, inert). */
function roundsWithTools(message: Message, calls: readonly ToolCallRecord[]): string[] {
  const texts = message.roundTexts?.length ? message.roundTexts : [message.text];
  const rounds = Math.max(texts.length, ...calls.map((c) => c.round));
  const out: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    const text = texts[round - 1];
    if (text) out.push(closeOpenFence(text), '');
    for (const call of calls.filter((c) => c.round === round)) {
      const name = call.serverName && call.tool ? `${call.serverName} · ${call.tool}` : call.name;
      out.push(
        `<details><summary>Tool call: ${headingText(name)} (${CALL_STATES[call.state]})</summary>`,
        '',
      );
      out.push('Arguments:', '', fenced(call.arguments, 'json'), '');
      const result = call.result ?? call.error?.message;
      if (result) out.push(call.result ? 'Result:' : 'Error:', '', fenced(result, 'text'), '');
      out.push('</details>', '');
    }
  }
  return out;
}

function answerFacts(message: Message): string {
  if (!message.usage) return '';
  return `${totalInputTokens(message.usage)} in · ${totalOutputTokens(message.usage)} out`;
}

export function conversationToMarkdown(
  conversation: Conversation,
  messages: readonly Message[],
  options: MarkdownOptions,
): string {
  const out: string[] = [`# ${headingText(conversation.title) || 'Untitled conversation'}`, ''];
  out.push(
    `*${messages.length} messages · started ${when(conversation.createdAt, options.timeZone)} · exported from Modeldesk*`,
    '',
  );
  for (const message of messages) {
    const parts = [ROLE_WORDS[message.role]];
    if (message.role === 'assistant' && message.model)
      parts.push(headingText(options.modelName(message.model)));
    const time = when(message.createdAt, options.timeZone);
    if (time) parts.push(time);
    out.push(`## ${parts.join(' · ')}`, '');
    if (message.status === 'interrupted' || message.status === 'stopped' || message.status === 'error') {
      out.push(`*This answer is incomplete (${message.status}).*`, '');
    }
    if (message.thinking) {
      out.push(
        '<details><summary>Reasoning</summary>',
        '',
        fenced(message.thinking, 'text'),
        '',
        '</details>',
        '',
      );
    }
    if (message.toolCalls?.length) out.push(...roundsWithTools(message, message.toolCalls));
    else if (message.text) out.push(closeOpenFence(message.text), '');
    if (message.structured !== undefined && !message.text.trim().startsWith('{')) {
      out.push(fenced(JSON.stringify(message.structured, null, 2), 'json'), '');
    }
    for (const attachment of message.attachments) {
      out.push(`![${altText(attachment.name ?? 'image')}](${options.imageTarget(attachment)})`, '');
    }
  }
  if (options.costs) out.push(...costFooter(messages, options));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function costFooter(messages: readonly Message[], options: MarkdownOptions): string[] {
  const answers = messages.filter((m) => m.role === 'assistant' || (m.role === 'summary' && m.usage));
  if (answers.length === 0) return [];
  const rows = ['---', '', '## Costs', '', '| # | Model | Tokens | Cost |', '| ---: | --- | --- | ---: |'];
  let known = 0;
  let unknown = 0;
  answers.forEach((m, i) => {
    // Absent: nothing was charged (refused before sending); null: charged at a price nobody knows.
    const cost = m.costMicros === undefined ? 0 : m.costMicros;
    if (cost === null) unknown++;
    else known += cost;
    const model = m.model ? headingText(options.modelName(m.model)) : '—';
    rows.push(
      `| ${i + 1} | ${model} | ${answerFacts(m) || '—'} | ${formatCertainCost(cost, answerCertainty(m))} |`,
    );
  });
  rows.push('', `**Total: ${formatCostTotal({ costMicros: known, unknownCostCalls: unknown })}**`, '');
  return rows;
}
