/**
 * Test support for the fidelity suite: reads the recorded provider responses in ../shared/fixtures, frames
 * them as the wire sent them, turns a recording back into a ScriptedReply (the same text, thinking, tool calls,
 * usage, finish reason and model), and projects SDK-assembled results onto the fields that content decides
 * (everything but ids, timestamps and fingerprints), so a replay and a scripted stream can be compared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYAML } from 'yaml';
import type { ScriptedReply } from './types';

export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../shared/fixtures');
export const fixturesPresent = existsSync(FIXTURES_DIR);

export function readFixture(relative: string): string {
  return readFileSync(resolve(FIXTURES_DIR, relative), 'utf8');
}

type Json = Record<string, unknown>;

function lines(text: string): Json[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** `*.chunks.txt` payloads, one a line. */
export function chunkPayloads(relative: string): Json[] {
  return lines(readFixture(relative));
}

/** Anthropic chunks re-framed: `event: <type>` and `data: <payload>` lines. */
export function anthropicSSE(payloads: Json[]): string {
  return payloads.map((p) => `event: ${String(p.type)}\ndata: ${JSON.stringify(p)}\n\n`).join('');
}

/** OpenAI-style chunks re-framed: `data: <payload>` lines and the closing `data: [DONE]`. */
export function openAISSE(payloads: Json[]): string {
  return `${payloads.map((p) => `data: ${JSON.stringify(p)}\n\n`).join('')}data: [DONE]\n\n`;
}

/** The `data:` payloads of an SSE body (JSON ones only: `[DONE]` is left out). */
export function ssePayloads(body: string): Json[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).trim())
        .join('\n'),
    )
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Json);
}

export type CassetteInteraction = {
  uri: string;
  status: number;
  contentType: string;
  /** The response body exactly as recorded (a raw string, or the parsed body as JSON). */
  body: string;
};

/** The interactions of a VCR cassette (`cassettes/*.yaml`). */
export function cassette(relative: string): CassetteInteraction[] {
  const parsed = parseYAML(readFixture(relative)) as {
    interactions: Array<{
      request: { uri: string };
      response: {
        status: { code: number };
        headers?: Record<string, string[]>;
        body?: { string: string };
        parsed_body?: unknown;
      };
    }>;
  };
  return parsed.interactions.map(({ request, response }) => ({
    uri: request.uri,
    status: response.status.code,
    contentType: response.headers?.['content-type']?.[0] ?? 'application/json',
    body: response.body?.string ?? JSON.stringify(response.parsed_body),
  }));
}

// ---- recording -> ScriptedReply ----

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The script that makes the emulator stream what an Anthropic event recording streamed. */
export function scriptFromAnthropicEvents(events: Json[]): ScriptedReply {
  const reply: ScriptedReply = {};
  const usage: NonNullable<ScriptedReply['usage']> = {};
  const blocks: Array<{ type: string; chunks: string[]; id?: string; name?: string; signature?: string }> =
    [];
  const takeUsage = (u: Json | undefined) => {
    if (!u) return;
    if (num(u.input_tokens) !== undefined) usage.input = num(u.input_tokens);
    if (num(u.cache_read_input_tokens) !== undefined) usage.cacheRead = num(u.cache_read_input_tokens);
    if (num(u.cache_creation_input_tokens) !== undefined)
      usage.cacheWrite = num(u.cache_creation_input_tokens);
    if (num(u.output_tokens) !== undefined) usage.output = num(u.output_tokens);
  };
  for (const event of events) {
    if (event.type === 'message_start') {
      const message = event.message as Json;
      reply.model = String(message.model);
      takeUsage(message.usage as Json);
    } else if (event.type === 'content_block_start') {
      const block = event.content_block as Json;
      blocks.push({
        type: String(block.type),
        chunks: [],
        ...(typeof block.id === 'string' ? { id: block.id } : {}),
        ...(typeof block.name === 'string' ? { name: block.name } : {}),
      });
    } else if (event.type === 'content_block_delta') {
      const block = blocks[Number(event.index)];
      const delta = event.delta as Json;
      if (!block) continue;
      if (delta.type === 'signature_delta') block.signature = String(delta.signature);
      else {
        const piece = String(delta.text ?? delta.thinking ?? delta.partial_json ?? '');
        if (piece !== '' || delta.type !== 'input_json_delta') block.chunks.push(piece);
      }
    } else if (event.type === 'message_delta') {
      const delta = event.delta as Json;
      reply.finishReason = String(delta.stop_reason);
      const details = delta.stop_details as Json | undefined;
      if (details?.type === 'refusal') {
        reply.refusal = String(details.explanation ?? '');
        if (typeof details.category === 'string') reply.refusalCategory = details.category;
      }
      takeUsage(event.usage as Json);
    }
  }
  for (const block of blocks) {
    if (block.type === 'thinking') {
      reply.thinking = block.chunks;
      if (block.signature !== undefined) reply.thinkingSignature = block.signature;
    } else if (block.type === 'text') {
      reply.chunks = [...(reply.chunks ?? []), ...block.chunks];
    } else if (block.type === 'tool_use') {
      const args = block.chunks.join('');
      reply.toolCalls = [
        ...(reply.toolCalls ?? []),
        {
          ...(block.id ? { id: block.id } : {}),
          name: block.name ?? '',
          arguments: args,
          argumentChunks: block.chunks,
        },
      ];
    }
  }
  reply.usage = usage;
  return reply;
}

/** The script that makes the emulator answer what an Anthropic JSON message answered. */
export function scriptFromAnthropicMessage(message: Json): ScriptedReply {
  const content = (message.content as Json[]) ?? [];
  const usage = message.usage as Json;
  const details = message.stop_details as Json | undefined;
  const text = content.filter((b) => b.type === 'text').map((b) => String(b.text));
  const thinking = content.find((b) => b.type === 'thinking');
  const tools = content.filter((b) => b.type === 'tool_use');
  return {
    model: String(message.model),
    ...(text.length > 0 ? { text: text.join('') } : {}),
    ...(thinking
      ? { thinking: String(thinking.thinking), thinkingSignature: String(thinking.signature) }
      : {}),
    ...(tools.length > 0
      ? { toolCalls: tools.map((t) => ({ id: String(t.id), name: String(t.name), arguments: t.input })) }
      : {}),
    ...(details?.type === 'refusal'
      ? {
          refusal: String(details.explanation ?? ''),
          ...(typeof details.category === 'string' ? { refusalCategory: details.category } : {}),
        }
      : {}),
    finishReason: String(message.stop_reason),
    usage: {
      input: num(usage.input_tokens) ?? 0,
      output: num(usage.output_tokens) ?? 0,
      cacheRead: num(usage.cache_read_input_tokens) ?? 0,
      cacheWrite: num(usage.cache_creation_input_tokens) ?? 0,
    },
  };
}

function openAIUsage(usage: Json | undefined): ScriptedReply['usage'] | undefined {
  if (!usage) return undefined;
  const cached = num((usage.prompt_tokens_details as Json | undefined)?.cached_tokens) ?? 0;
  return {
    input: (num(usage.prompt_tokens) ?? 0) - cached,
    cacheRead: cached,
    output: num(usage.completion_tokens) ?? 0,
    reasoning: num((usage.completion_tokens_details as Json | undefined)?.reasoning_tokens) ?? 0,
  };
}

/** The script that makes the emulator stream what a recorded chat.completion.chunk stream streamed. */
export function scriptFromOpenAIChunks(chunks: Json[]): { reply: ScriptedReply; includeUsage: boolean } {
  const reply: ScriptedReply = {};
  const text: string[] = [];
  const thinking: string[] = [];
  const refusal: string[] = [];
  let sawText = false;
  const tools: Array<{ id?: string; name: string; chunks: string[] }> = [];
  let usage: Json | undefined;
  for (const chunk of chunks) {
    if (typeof chunk.model === 'string' && chunk.model !== '') reply.model = chunk.model;
    if (chunk.usage) usage = chunk.usage as Json;
    for (const choice of (chunk.choices as Json[]) ?? []) {
      const delta = (choice.delta as Json | undefined) ?? {};
      if (typeof delta.content === 'string') {
        sawText = true;
        if (delta.content !== '') text.push(delta.content);
      }
      if (typeof delta.reasoning_content === 'string') thinking.push(delta.reasoning_content);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') refusal.push(delta.refusal);
      for (const call of (delta.tool_calls as Json[]) ?? []) {
        const index = Number(call.index);
        const fn = (call.function as Json | undefined) ?? {};
        tools[index] ??= { name: '', chunks: [] };
        const tool = tools[index];
        if (typeof call.id === 'string') tool.id = call.id;
        if (typeof fn.name === 'string') tool.name = fn.name;
        if (typeof fn.arguments === 'string' && fn.arguments !== '') tool.chunks.push(fn.arguments);
      }
      if (typeof choice.finish_reason === 'string') reply.finishReason = choice.finish_reason;
    }
  }
  if (sawText) reply.chunks = text;
  if (thinking.length > 0) reply.thinking = thinking;
  if (refusal.length > 0) reply.refusal = refusal.join('');
  if (tools.length > 0) {
    reply.toolCalls = tools.map((t) => ({
      ...(t.id ? { id: t.id } : {}),
      name: t.name,
      arguments: t.chunks.join(''),
      argumentChunks: t.chunks,
    }));
  }
  const scriptedUsage = openAIUsage(usage);
  if (scriptedUsage) reply.usage = scriptedUsage;
  return { reply, includeUsage: usage !== undefined };
}

/** The script that makes the emulator answer what a recorded chat.completion answered. */
export function scriptFromOpenAICompletion(completion: Json): ScriptedReply {
  const choice = ((completion.choices as Json[]) ?? [])[0] ?? {};
  const message = (choice.message as Json | undefined) ?? {};
  const tools = (message.tool_calls as Json[] | undefined) ?? [];
  const usage = openAIUsage(completion.usage as Json | undefined);
  return {
    model: String(completion.model),
    ...(typeof message.content === 'string' ? { text: message.content } : {}),
    ...(typeof message.refusal === 'string' ? { refusal: message.refusal } : {}),
    ...(tools.length > 0
      ? {
          toolCalls: tools.map((t) => {
            const fn = t.function as Json;
            return { id: String(t.id), name: String(fn.name), arguments: String(fn.arguments) };
          }),
        }
      : {}),
    finishReason: String(choice.finish_reason),
    ...(usage ? { usage } : {}),
  };
}

// ---- projections: what content decides, without ids, timestamps and fingerprints ----

/** An Anthropic Message (as the SDK returns or assembles it), without ids. */
export function projectMessage(message: unknown): Json {
  const m = message as Json;
  const usage = (m.usage as Json | undefined) ?? {};
  const details = m.stop_details as Json | null | undefined;
  return {
    type: m.type,
    role: m.role,
    model: m.model,
    content: ((m.content as Json[]) ?? []).map((block) => {
      if (block.type === 'tool_use') return { type: block.type, name: block.name, input: block.input };
      if (block.type === 'thinking')
        return { type: block.type, thinking: block.thinking, signature: block.signature };
      return { type: block.type, text: block.text };
    }),
    stop_reason: m.stop_reason,
    stop_sequence: m.stop_sequence ?? null,
    stop_details: details
      ? { type: details.type, category: details.category ?? null, explanation: details.explanation }
      : null,
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    },
  };
}

/** A chat completion (as the SDK returns or assembles it), without ids, timestamps and fingerprints. */
export function projectCompletion(completion: unknown, ignore: readonly string[] = []): Json {
  const c = completion as Json;
  const usage = c.usage as Json | null | undefined;
  const projected: Json = {
    object: c.object,
    model: c.model,
    choices: ((c.choices as Json[]) ?? []).map((choice) => {
      const message = (choice.message as Json | undefined) ?? {};
      return {
        index: choice.index,
        finish_reason: choice.finish_reason,
        message: {
          role: message.role,
          content: message.content ?? null,
          refusal: message.refusal ?? null,
          reasoning_content: message.reasoning_content ?? null,
          tool_calls: ((message.tool_calls as Json[] | undefined) ?? []).map((t) => ({
            type: t.type,
            function: t.function,
          })),
        },
      };
    }),
    usage: usage
      ? {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.total_tokens,
          cached_tokens: (usage.prompt_tokens_details as Json | undefined)?.cached_tokens ?? 0,
          reasoning_tokens: (usage.completion_tokens_details as Json | undefined)?.reasoning_tokens ?? 0,
        }
      : null,
  };
  for (const path of ignore) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    const owner = keys.reduce<Json | undefined>((node, key) => node?.[key] as Json | undefined, projected);
    if (owner) delete owner[last];
  }
  return projected;
}
