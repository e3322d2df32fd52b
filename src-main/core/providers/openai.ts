/**
 * OpenAI's own API (Chat Completions) through the `openai` SDK, and the SDK client factory the other
 * OpenAI-compatible adapters share.
 */
import OpenAI from 'openai';
import { OpenAIChatAdapter, type ChatDialect, type OpenAIChatSettings } from './openai-chat';
import { resolveSettings, secretsOf, type Env, type ResolvedSettings } from './presets';
import { encodingForModel, openAIImageFormula } from './token-count';
import { SDK_TIMEOUT_MS } from './transport';
import type { ProviderAdapter, ProviderConfig } from './types';
import { imageLimitsFor } from '@contract/image-limits';

/** Sent as the key to servers that need none: the SDK insists on one, and they ignore it. */
const KEYLESS_PLACEHOLDER = 'no-key-needed';

const OPENAI_DIALECT: ChatDialect = {
  maxTokensField: 'max_completion_tokens',
  rules: { maxTemperature: 2, maxStopSequences: 4, thinkingBudget: false },
  imageLimits: imageLimitsFor('openai').accept,
  tokenCounting: (model) => ({
    encoding: encodingForModel(model),
    exact: true,
    imageFormula: openAIImageFormula(model),
  }),
};

/**
 * An `openai` SDK client per call: our retries and timeouts, the call's fetch. Everything the SDK would read from
 * the environment is passed explicitly, from the environment the adapter was built with.
 */
function openAIClientFactory(options: {
  baseURL: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
  /** OpenAI's OPENAI_ORG_ID / OPENAI_PROJECT_ID; other servers get none. */
  organization?: string;
  project?: string;
}): OpenAIChatSettings['client'] {
  return (fetch, apiKey) =>
    new OpenAI({
      apiKey: apiKey ?? options.apiKey ?? KEYLESS_PLACEHOLDER,
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      maxRetries: 0,
      timeout: SDK_TIMEOUT_MS,
      fetch,
      logLevel: 'off',
      organization: options.organization ?? null,
      project: options.project ?? null,
    });
}

/** What every adapter on the `openai` SDK's plain client shares, from a resolved configuration. */
export function chatSettings(
  config: ProviderConfig,
  settings: ResolvedSettings,
  dialect: ChatDialect,
  client: { baseURL?: string; organization?: string; project?: string } = {},
): OpenAIChatSettings {
  const baseURL = settings.baseURL ?? '';
  return {
    id: config.id,
    kind: config.kind,
    label: settings.label,
    baseURL,
    timeouts: settings.timeouts,
    secrets: secretsOf(settings),
    missing: settings.missing,
    dialect,
    client: openAIClientFactory({
      baseURL: client.baseURL ?? baseURL,
      apiKey: settings.apiKey,
      headers: settings.headers,
      organization: client.organization,
      project: client.project,
    }),
  };
}

export function createOpenAIAdapter(config: ProviderConfig, env: Env): ProviderAdapter {
  return new OpenAIChatAdapter(
    chatSettings(config, resolveSettings(config, env), OPENAI_DIALECT, {
      organization: env['OPENAI_ORG_ID']?.trim() || undefined,
      project: env['OPENAI_PROJECT_ID']?.trim() || undefined,
    }),
  );
}
