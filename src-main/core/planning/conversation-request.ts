/**
 * What a conversation sends: its stored messages as provider messages (images by file, from the attachment store;
 * summaries folded into the system prompt; messages the context strategy left out skipped), and the local
 * estimate of their input tokens for a given model (each provider's tokenizer approximation and image formula).
 */
import type { Attachment, Message } from '@contract/conversations';
import type { ModelInfo, ProviderKind } from '@contract/models';
import { encodingForModel, imageTokens, openAIImageFormula, type ImageFormula } from '../providers/index';
import { countRequestTokens, type LocalCountOptions } from '../providers/token-count';
import type { ChatMessage, ImagePart, TextPart } from '../providers/types';

export type ImageFileOf = (hash: string) => string;

/** Whether a stored message is part of what the next call sends. */
export function isSent(message: Message): boolean {
  if (message.excluded) return false;
  if (message.role === 'assistant') return message.text.trim() !== '' && message.status !== 'streaming';
  return message.role === 'user' || message.role === 'summary' || message.role === 'system';
}

/** The images a conversation's next call sends: those of the messages it sends. */
export function imagesOf(messages: readonly Message[]): Attachment[] {
  return messages.filter(isSent).flatMap((m) => m.attachments);
}

export function userContent(
  text: string,
  attachments: readonly Attachment[],
  fileOf: ImageFileOf,
): string | Array<TextPart | ImagePart> {
  if (attachments.length === 0) return text;
  const parts: Array<TextPart | ImagePart> = attachments.map((a) => ({
    type: 'image',
    source: { kind: 'file', path: fileOf(a.hash) },
  }));
  if (text.trim() !== '') parts.push({ type: 'text', text });
  return parts;
}

/** The provider messages of a conversation: the system prompt (with any summaries), then the turns in order. */
export function toChatMessages(
  messages: readonly Message[],
  options: { systemPrompt?: string; fileOf: ImageFileOf },
): ChatMessage[] {
  const sent = messages.filter(isSent);
  const summaries = sent.filter((m) => m.role === 'summary').map((m) => m.text.trim());
  const system = [
    options.systemPrompt?.trim(),
    ...sent.filter((m) => m.role === 'system').map((m) => m.text.trim()),
    summaries.length > 0
      ? `Summary of the earlier part of this conversation:\n${summaries.join('\n\n')}`
      : undefined,
  ].filter((s): s is string => Boolean(s));
  const out: ChatMessage[] = [];
  if (system.length > 0) out.push({ role: 'system', content: system.join('\n\n') });
  for (const message of sent) {
    if (message.role === 'user') {
      out.push({ role: 'user', content: userContent(message.text, message.attachments, options.fileOf) });
    } else if (message.role === 'assistant') {
      out.push({ role: 'assistant', content: message.text });
    }
  }
  return out;
}

/** How a provider's tokens are counted locally (no network: the composer asks on every keystroke). */
export function localCountOptions(kind: ProviderKind, model: string): LocalCountOptions {
  switch (kind) {
    case 'anthropic':
      return { encoding: 'o200k_base', exact: false, imageFormula: { kind: 'anthropic' }, scale: 1.2 };
    case 'gemini':
      return { encoding: 'o200k_base', exact: false, imageFormula: { kind: 'gemini' } };
    case 'ollama':
      return {
        encoding: 'o200k_base',
        exact: false,
        imageFormula: { kind: 'openai-tiles', base: 85, perTile: 170 },
      };
    case 'openai':
    case 'azure':
      return { encoding: encodingForModel(model), exact: true, imageFormula: openAIImageFormula(model) };
    case 'openai-compatible':
      return { encoding: 'o200k_base', exact: false, imageFormula: openAIImageFormula(model) };
  }
}

export type TokenEstimate = { inputTokens: number; imageTokens: number; method: 'exact' | 'estimate' };

/** The input tokens of messages for a model; images are counted from their stored dimensions. */
export async function estimateTokens(
  messages: readonly ChatMessage[],
  images: readonly Attachment[],
  model: Pick<ModelInfo, 'model'>,
  kind: ProviderKind,
): Promise<TokenEstimate> {
  const options = localCountOptions(kind, model.model);
  const textOnly: ChatMessage[] = messages.map((m) =>
    m.role === 'user' && typeof m.content !== 'string'
      ? {
          role: 'user',
          content: m.content
            .filter((p): p is TextPart => p.type === 'text')
            .map((p) => p.text)
            .join('\n'),
        }
      : m,
  );
  const counted = await countRequestTokens({ model: model.model, messages: textOnly }, new Map(), options);
  const formula: ImageFormula = options.imageFormula;
  const imageTotal = images.reduce((sum, a) => sum + imageTokens(formula, a.width, a.height), 0);
  return {
    inputTokens: counted.inputTokens + imageTotal,
    imageTokens: imageTotal,
    method: counted.method === 'exact' && images.length === 0 ? 'exact' : 'estimate',
  };
}
