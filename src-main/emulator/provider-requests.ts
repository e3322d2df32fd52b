/**
 * Answers one provider request: records it, checks it the way the real API would (credentials, version
 * header, api-version, body), takes the first matching rule, and sends the fault or the (scripted or
 * default) reply in the protocol's wire format.
 */
import type { IncomingMessage } from 'node:http';
import {
  anthropicMessage,
  anthropicRequestProblem,
  anthropicStream,
  anthropicVersionProblem,
} from './anthropic-wire';
import { now } from './clock';
import { sendJson, sendStream } from './delivery';
import type { Exchange } from './delivery';
import { applyFault, sendError } from './faults';
import type { FaultContext } from './faults';
import type { StreamRendering } from './frames';
import {
  estimateInputTokens,
  imageDigests,
  lastToolResults,
  lastUserPrompt,
  maskedHeaders,
  presentedKey,
  protocolGuess,
  publicEndpoint,
  routeOf,
} from './inbound';
import type { Endpoint, Route } from './inbound';
import { ollamaChat, ollamaRequestProblem, ollamaStream, ollamaTags, ollamaVersion } from './ollama-wire';
import { anthropicModels, openAIModels } from './model-listings';
import { openAICompletion, openAIRequestProblem, openAIStream } from './openai-wire';
import type { ErrorSpec } from './provider-errors';
import { defaultRateLimit, rateLimitHeaders, requestIdHeader } from './provider-headers';
import type { Recorder } from './recorder';
import { defaultReply, planReply } from './reply';
import type { ChatCall, ReplyPlan } from './reply';
import type { RuleBook } from './rules';
import type { EmulatorOptions, EmulatorProtocol } from './types';

export type ProviderContext = { rules: RuleBook; recorder: Recorder; options: EmulatorOptions };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseBody(raw: string): { body: unknown; valid: boolean } {
  if (raw === '') return { body: null, valid: true };
  try {
    return { body: JSON.parse(raw) as unknown, valid: true };
  } catch {
    return { body: raw, valid: false };
  }
}

/** The 401/403/400 a provider sends for a missing or unknown credential, or null when the key is accepted. */
function credentialProblem(
  protocol: EmulatorProtocol,
  headers: IncomingMessage['headers'],
  validKeys: EmulatorOptions['validKeys'],
): ErrorSpec | null {
  if (protocol === 'ollama' || protocol === 'ollama-openai') return null;
  const key = presentedKey(protocol, headers);
  const allowed = validKeys?.[protocol];
  const known = key !== undefined && (!allowed || allowed.includes(key));
  if (known) return null;
  switch (protocol) {
    case 'anthropic':
      return { status: 401, message: key ? 'invalid x-api-key' : 'x-api-key header is required' };
    case 'azure':
      return key
        ? { status: 401 }
        : {
            status: 401,
            message:
              'Access denied due to missing subscription key. Make sure to include subscription key when making ' +
              'requests to an API.',
          };
    case 'gemini':
      return key
        ? {
            status: 400,
            errorType: 'API_KEY_INVALID',
            message: 'API key not valid. Please pass a valid API key.',
          }
        : {
            status: 403,
            message:
              "Method doesn't allow unregistered callers (callers without established identity). Please use API " +
              'Key or other form of API consumer identity to call this API.',
          };
    case 'openai':
      return key
        ? { status: 401 }
        : {
            status: 401,
            message:
              "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
              'Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from ' +
              'https://platform.openai.com/account/api-keys.',
          };
  }
}

function protocolHeaders(protocol: EmulatorProtocol, requestId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const idHeader = requestIdHeader(protocol);
  if (idHeader && requestId) headers[idHeader.name] = requestId;
  if (protocol === 'azure' && requestId) headers['x-request-id'] = requestId;
  if (protocol === 'openai') {
    headers['openai-version'] = '2020-10-01';
    headers['openai-processing-ms'] = '42';
  }
  return headers;
}

function bodyProblem(route: Route, body: Json): ErrorSpec | null {
  if (route.endpoint !== 'chat' && route.endpoint !== 'count-tokens') return null;
  switch (route.protocol) {
    case 'anthropic':
      return anthropicRequestProblem(body, route.endpoint);
    case 'ollama':
      return ollamaRequestProblem(body);
    default:
      return openAIRequestProblem(route.protocol, body);
  }
}

function renderJson(protocol: EmulatorProtocol, plan: ReplyPlan): unknown {
  if (protocol === 'anthropic') return anthropicMessage(plan);
  if (protocol === 'ollama') return ollamaChat(plan);
  return openAICompletion(protocol, plan);
}

function renderStream(protocol: EmulatorProtocol, plan: ReplyPlan, call: ChatCall): StreamRendering {
  if (protocol === 'anthropic') return anthropicStream(plan);
  if (protocol === 'ollama') return ollamaStream(plan);
  return openAIStream(protocol, plan, call);
}

/** The answer of an endpoint that is not a chat: a model list, a token count, a version. */
function listing(
  endpoint: Exclude<Endpoint, 'chat'>,
  protocol: EmulatorProtocol,
  body: Json,
  query: URLSearchParams,
): unknown {
  switch (endpoint) {
    case 'count-tokens':
      return { input_tokens: estimateInputTokens(body) };
    case 'ollama-tags':
      return ollamaTags();
    case 'ollama-version':
      return ollamaVersion();
    case 'models':
      if (protocol === 'anthropic') return anthropicModels(query);
      if (protocol === 'ollama') return ollamaTags();
      return openAIModels(protocol);
  }
}

export async function handleProviderRequest(
  ctx: ProviderContext,
  ex: Omit<Exchange, 'record'>,
  url: URL,
  raw: string,
): Promise<void> {
  const { req } = ex;
  const method = req.method ?? 'GET';
  const route = routeOf(method, url.pathname, req.headers);
  const protocol = route?.protocol ?? protocolGuess(url.pathname);
  const parsed = parseBody(raw);
  const body = isObject(parsed.body) ? parsed.body : {};
  const model = typeof body.model === 'string' ? body.model : route?.deployment;
  const stream =
    route?.endpoint === 'chat' && (protocol === 'ollama' ? body.stream !== false : body.stream === true);
  const requestId = requestIdHeader(protocol)?.value;

  const record = ctx.recorder.begin({
    at: now(),
    protocol: route ? protocol : 'unknown',
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: maskedHeaders(req.headers),
    body: parsed.body,
    ...(model ? { model } : {}),
    stream,
    imageSha256: imageDigests(body),
    ...(requestId ? { requestId } : {}),
  });
  ex.res.once('finish', () => {
    if (record.outcome === 'in-progress') record.outcome = 'completed';
  });
  ex.res.once('close', () => {
    if (record.outcome === 'in-progress') record.outcome = 'client-disconnected';
    record.endedAt = now();
  });
  const exchange: Exchange = { ...ex, record };
  const faultContext: FaultContext = {
    ex: exchange,
    protocol,
    baseHeaders: protocolHeaders(protocol, requestId),
    requestId,
    model,
    stream,
  };

  if (!route) {
    return sendError(faultContext, {
      status: 404,
      message: `The emulator serves no ${method} ${url.pathname}. Check the base URL (see Emulator.baseURLs).`,
    });
  }
  const rejection =
    credentialProblem(protocol, req.headers, ctx.options.validKeys) ??
    (protocol === 'anthropic'
      ? anthropicVersionProblem(req.headers['anthropic-version'] as string | undefined)
      : null) ??
    (protocol === 'azure' && !url.searchParams.get('api-version')
      ? { status: 404, message: 'Resource not found' }
      : null) ??
    (parsed.valid
      ? null
      : {
          status: 400,
          message: 'We could not parse the JSON body of your request. The API expects a JSON payload.',
        }) ??
    bodyProblem(route, body);
  if (rejection) return sendError(faultContext, rejection);

  const taken = ctx.rules.take({
    protocol,
    endpoint: publicEndpoint(route.endpoint),
    model: typeof body.model === 'string' ? body.model : undefined,
    deployment: route.deployment,
    prompt: lastUserPrompt(body),
    rawBody: raw,
    toolResults: lastToolResults(body),
    imageSha256: record.imageSha256,
    path: url.pathname,
    stream,
  });
  record.ruleIndex = taken ? taken.index : null;

  const outcome = taken?.rule.fault
    ? await applyFault(faultContext, taken.rule.fault)
    : { handled: false as const };
  if (outcome.handled) return;

  if (route.endpoint !== 'chat') {
    return sendJson(
      exchange,
      200,
      faultContext.baseHeaders,
      listing(route.endpoint, protocol, body, url.searchParams),
      {
        ...(outcome.bodyBreak ? { fault: outcome.bodyBreak } : {}),
      },
    );
  }

  const call: ChatCall = {
    protocol,
    model: model ?? '',
    prompt: lastUserPrompt(body),
    stream,
    inputTokens: estimateInputTokens(body),
    body,
  };
  const plan = planReply(taken?.rule.reply, call, ctx.options.defaultReply ?? defaultReply);
  const headers = {
    ...faultContext.baseHeaders,
    ...rateLimitHeaders(protocol, plan.rateLimit ?? defaultRateLimit(call.inputTokens)),
    ...plan.headers,
  };
  if (stream) {
    return sendStream(exchange, headers, renderStream(protocol, plan, call), plan.pace, outcome.streamBreak);
  }
  return sendJson(exchange, 200, headers, renderJson(protocol, plan), {
    delayMs: plan.pace.firstByteDelayMs,
    ...(outcome.bodyBreak ? { fault: outcome.bodyBreak } : {}),
  });
}
