/**
 * Checks a request before anything is sent. Each failure is a `bad_request` ProviderError whose message names
 * the field, what is wrong with it, and what to change.
 */
import { invalidRequest, type ErrorContext } from './errors';
import type { ChatMessage, ChatRequest } from './types';

export type RequestRules = {
  /** The highest temperature the provider accepts (2 for OpenAI, 1 for Anthropic). */
  maxTemperature: number;
  /** The most stop sequences the provider accepts, when it limits them. */
  maxStopSequences?: number;
  /** Anthropic: the smallest thinking budget. */
  minThinkingBudget?: number;
  /** The provider has no notion of a thinking budget (OpenAI takes an effort instead). */
  thinkingBudget: boolean;
};

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export function validateRequest(request: ChatRequest, rules: RequestRules, ctx: ErrorContext): void {
  const fail = (message: string): never => {
    throw invalidRequest(ctx, message);
  };
  if (!request.model || request.model.trim() === '')
    fail('No model was chosen. Pick a model and send again.');
  validateMessages(request.messages, fail);
  validateParameters(request, rules, fail);
  validateTools(request, fail);
  validateCapabilities(request, fail);
}

type Fail = (message: string) => never;

function validateMessages(messages: ChatMessage[], fail: Fail): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    fail('The request has no messages. Write a message and send again.');
  }
  if (!messages.some((m) => m.role !== 'system')) {
    fail('The request has only a system prompt. Add a user message and send again.');
  }
  const toolCallIds = new Set<string>();
  messages.forEach((message, i) => {
    const where = `Message ${i + 1} (${message.role})`;
    const isLast = i === messages.length - 1;
    switch (message.role) {
      case 'system':
        if (typeof message.content !== 'string' || message.content.trim() === '') {
          fail(`${where} is an empty system prompt. Write one or remove it.`);
        }
        break;
      case 'user':
        if (isEmpty(message.content)) fail(`${where} is empty. Write something or remove it.`);
        if (Array.isArray(message.content)) {
          for (const part of message.content) {
            if (part.type !== 'text' && part.type !== 'image') {
              fail(
                `${where} has a part of type "${(part as { type: string }).type}"; use text or image parts.`,
              );
            }
          }
        }
        break;
      case 'assistant':
        if (isEmpty(message.content) && !isLast) {
          fail(`${where} is empty. Remove it or give it the earlier answer's text.`);
        }
        if (Array.isArray(message.content)) {
          for (const part of message.content) {
            if (part.type === 'tool-call') {
              if (!part.id || !NAME_PATTERN.test(part.name)) {
                fail(`${where} has a tool call without an id or with an invalid name ("${part.name}").`);
              }
              toolCallIds.add(part.id);
            }
          }
        }
        break;
      case 'tool':
        if (!Array.isArray(message.content) || message.content.length === 0) {
          fail(`${where} has no tool results. Give each tool call its result or remove the message.`);
        }
        for (const result of message.content) {
          if (!toolCallIds.has(result.toolCallId)) {
            fail(
              `${where} answers tool call "${result.toolCallId}", which no earlier assistant message made. Remove the result or keep the call it answers.`,
            );
          }
        }
        break;
      default:
        fail(
          `${where} has an unknown role "${(message as { role: string }).role}"; use system, user, assistant or tool.`,
        );
    }
  });
}

function isEmpty(content: string | unknown[]): boolean {
  if (typeof content === 'string') return content.trim() === '';
  if (!Array.isArray(content) || content.length === 0) return true;
  return content.every(
    (part) => typeof part === 'object' && part !== null && 'text' in part && String(part.text).trim() === '',
  );
}

function validateParameters(request: ChatRequest, rules: RequestRules, fail: Fail): void {
  const { temperature, topP, maxOutputTokens, stop, seed, reasoning } = request;
  if (temperature !== undefined && !(temperature >= 0 && temperature <= rules.maxTemperature)) {
    fail(`Temperature ${temperature} is out of range; use a value from 0 to ${rules.maxTemperature}.`);
  }
  if (topP !== undefined && !(topP > 0 && topP <= 1)) {
    fail(`top_p ${topP} is out of range; use a value above 0 and at most 1.`);
  }
  if (maxOutputTokens !== undefined && !(Number.isInteger(maxOutputTokens) && maxOutputTokens > 0)) {
    fail(`Max output tokens ${maxOutputTokens} is not valid; use a whole number above 0.`);
  }
  if (stop !== undefined) {
    if (!Array.isArray(stop) || stop.some((s) => typeof s !== 'string' || s === '')) {
      fail('Stop sequences must be non-empty strings; remove the empty ones.');
    }
    if (rules.maxStopSequences !== undefined && stop.length > rules.maxStopSequences) {
      fail(
        `${stop.length} stop sequences were given; this provider accepts at most ${rules.maxStopSequences}.`,
      );
    }
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) fail(`Seed ${seed} is not a whole number; use one.`);
  const budget = reasoning?.budgetTokens;
  if (budget !== undefined) {
    if (!rules.thinkingBudget) {
      fail(
        'This provider takes a reasoning effort (low, medium, high), not a thinking budget; set effort instead.',
      );
    }
    if (!Number.isInteger(budget) || budget < (rules.minThinkingBudget ?? 1)) {
      fail(
        `Thinking budget ${budget} is too small; use a whole number of at least ${rules.minThinkingBudget ?? 1}.`,
      );
    }
    if (maxOutputTokens !== undefined && maxOutputTokens <= budget) {
      fail(
        `Max output tokens (${maxOutputTokens}) must be larger than the thinking budget (${budget}), which counts toward it. Raise max output tokens or lower the budget.`,
      );
    }
  }
}

function validateTools(request: ChatRequest, fail: Fail): void {
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (!NAME_PATTERN.test(tool.name)) {
      fail(`Tool name "${tool.name}" is not valid; use 1 to 64 letters, digits, _ or -.`);
    }
    if (names.has(tool.name)) fail(`Two tools are named "${tool.name}"; give each tool its own name.`);
    names.add(tool.name);
    if (typeof tool.parameters !== 'object' || tool.parameters === null || Array.isArray(tool.parameters)) {
      fail(`Tool "${tool.name}" needs a JSON Schema object for its parameters.`);
    }
  }
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== 'none' && names.size === 0) {
    fail('A tool choice was given without any tools; add the tools or remove the tool choice.');
  }
  if (typeof choice === 'object' && !names.has(choice.name)) {
    fail(`The tool choice names "${choice.name}", which is not among the tools; name one of them.`);
  }
  const format = request.responseFormat;
  if (format) {
    if (!NAME_PATTERN.test(format.name)) {
      fail(`Response format name "${format.name}" is not valid; use 1 to 64 letters, digits, _ or -.`);
    }
    if (typeof format.schema !== 'object' || format.schema === null || Array.isArray(format.schema)) {
      fail('The response format needs a JSON Schema object.');
    }
  }
}

function validateCapabilities(request: ChatRequest, fail: Fail): void {
  const caps = request.modelCapabilities;
  if (!caps) return;
  const model = request.model;
  const hasImage = request.messages.some(
    (m) => m.role === 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image'),
  );
  if (hasImage && caps.vision === false) {
    fail(`${model} cannot see images. Pick a model with vision, or remove the images.`);
  }
  if ((request.tools?.length ?? 0) > 0 && caps.tools === false) {
    fail(`${model} cannot call tools. Pick a model with tool use, or remove the tools.`);
  }
  if (request.responseFormat && caps.structuredOutput === false) {
    fail(`${model} does not support structured output. Pick a model that does, or remove the schema.`);
  }
  if (request.reasoning && caps.reasoning === false) {
    fail(`${model} does not reason. Pick a reasoning model, or remove the reasoning settings.`);
  }
}
