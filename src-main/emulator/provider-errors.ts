/**
 * Each provider's error bodies, as the real APIs send them: OpenAI's `{error:{message,type,param,code}}`,
 * Azure's `{error:{code,message}}`, Gemini's array-wrapped Google status, Anthropic's
 * `{type:'error',error:{type,message},request_id}`, Ollama's `{error:"..."}`.
 */
import type { EmulatorProtocol } from './types';

export type ErrorSpec = {
  status: number;
  /** The provider's error type or code; a per-status default otherwise. */
  errorType?: string;
  message?: string;
  requestId?: string;
  /** For Gemini's 429: the RetryInfo delay in seconds. */
  retryDelaySeconds?: number;
  model?: string;
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ANTHROPIC_MESSAGES: Record<string, string> = {
  invalid_request_error: 'Invalid request.',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error:
    'This request would exceed the rate limit for your organization of 50 requests per minute. ' +
    'For details, refer to: https://docs.claude.com/en/api/rate-limits.',
  api_error: 'Internal server error',
  timeout_error: 'Request timeout',
  overloaded_error: 'Overloaded',
};

const OPENAI_DEFAULTS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message:
      'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  403: {
    type: 'request_forbidden',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported',
  },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message:
      'Rate limit reached in organization org-emulator on requests per min (RPM): Limit 10000, Used 10000, ' +
      'Requested 1. Please try again later. Visit https://platform.openai.com/account/rate-limits to learn more.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  502: { type: 'server_error', code: null, message: 'Bad gateway.' },
  503: { type: 'server_error', code: null, message: 'The server is overloaded or not ready yet.' },
};

/** OpenAI codes whose `type` is not the status's usual one. */
const OPENAI_TYPE_OF_CODE: Record<string, string> = {
  insufficient_quota: 'insufficient_quota',
  context_length_exceeded: 'invalid_request_error',
  unsupported_parameter: 'invalid_request_error',
};

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function anthropicError(spec: ErrorSpec): unknown {
  const type = spec.errorType ?? ANTHROPIC_TYPES[spec.status] ?? 'api_error';
  return {
    type: 'error',
    error: { type, message: spec.message ?? ANTHROPIC_MESSAGES[type] ?? 'Internal server error' },
    ...(spec.requestId ? { request_id: spec.requestId } : {}),
  };
}

function openAIError(spec: ErrorSpec): unknown {
  const fallback =
    OPENAI_DEFAULTS[spec.status] ??
    (spec.status >= 500
      ? OPENAI_DEFAULTS[500]
      : { type: 'invalid_request_error', code: null, message: `Request failed with status ${spec.status}.` });
  const code = spec.errorType ?? fallback?.code ?? null;
  const type = (spec.errorType && OPENAI_TYPE_OF_CODE[spec.errorType]) ?? fallback?.type ?? 'server_error';
  return { error: { message: spec.message ?? fallback?.message, type, param: null, code } };
}

function azureError(spec: ErrorSpec): unknown {
  if (spec.errorType === 'content_filter') {
    return {
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. " +
          'Please modify your prompt and retry.',
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: spec.status,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            hate: { filtered: false, severity: 'safe' },
            jailbreak: { filtered: false, detected: false },
            self_harm: { filtered: false, severity: 'safe' },
            sexual: { filtered: false, severity: 'safe' },
            violence: { filtered: true, severity: 'medium' },
          },
        },
      },
    };
  }
  const messages: Record<number, string> = {
    401:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key ' +
      'for an active subscription and use a correct regional API endpoint for your resource.',
    404: 'Resource not found',
    429:
      'Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded token rate limit ' +
      'of your current OpenAI S0 pricing tier. Please retry after 1 second.',
    500: 'The server had an error while processing your request. Sorry about that!',
  };
  return {
    error: {
      code: spec.errorType ?? String(spec.status),
      message: spec.message ?? messages[spec.status] ?? `Request failed with status ${spec.status}.`,
    },
  };
}

function geminiError(spec: ErrorSpec): unknown {
  const status = GOOGLE_STATUS[spec.status] ?? (spec.status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
  const details: unknown[] = [];
  if (spec.status === 429) {
    details.push(
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${spec.retryDelaySeconds ?? 1}s` },
    );
  }
  if (spec.errorType === 'API_KEY_INVALID') {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    });
  }
  const messages: Record<string, string> = {
    RESOURCE_EXHAUSTED: 'You exceeded your current quota, please check your plan and billing details.',
    UNAVAILABLE: 'The model is overloaded. Please try again later.',
    INTERNAL:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  };
  // The OpenAI-compatible endpoint wraps Google's error in a one-element array.
  return [
    {
      error: {
        code: spec.status,
        message: spec.message ?? messages[status] ?? `Request failed with status ${spec.status}.`,
        status,
        ...(details.length > 0 ? { details } : {}),
      },
    },
  ];
}

function ollamaError(spec: ErrorSpec): unknown {
  const message =
    spec.message ??
    (spec.status === 404
      ? `model "${spec.model ?? 'unknown'}" not found, try pulling it first`
      : (spec.errorType ?? `request failed with status ${spec.status}`));
  return { error: message };
}

/** The body a provider sends with an HTTP error. */
export function errorBody(protocol: EmulatorProtocol, spec: ErrorSpec): unknown {
  switch (protocol) {
    case 'anthropic':
      return anthropicError(spec);
    case 'openai':
    case 'ollama-openai':
      return openAIError(spec);
    case 'azure':
      return azureError(spec);
    case 'gemini':
      return geminiError(spec);
    case 'ollama':
      return ollamaError(spec);
  }
}

/** The error a protocol sends inside a 200 stream (the payload; the protocol module frames it). */
export function streamErrorPayload(protocol: EmulatorProtocol, spec: ErrorSpec): unknown {
  if (protocol === 'gemini') {
    const [first] = geminiError(spec) as unknown[];
    return first;
  }
  return errorBody(protocol, spec);
}
