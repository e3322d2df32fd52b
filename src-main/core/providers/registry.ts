/**
 * Builds the adapter for a provider configuration. Adapters for providers that are not set up yet (no key, no
 * endpoint) are still built: their calls fail with the `unconfigured` kind and `describeProvider` says what is
 * missing, so health and pickers can show it without a call.
 */
import { createAnthropicAdapter } from './anthropic';
import { createAzureAdapter } from './azure';
import { createGeminiAdapter } from './gemini';
import { createOllamaAdapter } from './ollama';
import { createOpenAIAdapter } from './openai';
import { createOpenAICompatibleAdapter } from './openai-compatible';
import { resolveSettings, type Env } from './presets';
import type { ProviderAdapter, ProviderConfig } from './types';

export function createAdapter(config: ProviderConfig, env: Env = process.env): ProviderAdapter {
  switch (config.kind) {
    case 'anthropic':
      return createAnthropicAdapter(config, env);
    case 'openai':
      return createOpenAIAdapter(config, env);
    case 'azure':
      return createAzureAdapter(config, env);
    case 'gemini':
      return createGeminiAdapter(config, env);
    case 'ollama':
      return createOllamaAdapter(config, env);
    case 'openai-compatible':
      return createOpenAICompatibleAdapter(config, env);
  }
}

export type ProviderDescription = {
  id: string;
  label: string;
  /** Where calls go (Azure: the resource endpoint). */
  baseURL?: string;
  configured: boolean;
  /** What is missing, in words, when not configured. */
  missing?: string;
  needsKey: boolean;
  /** Whether a key was found (in the config or the environment); never the key itself. */
  hasKey: boolean;
};

/** What the settings screen and health need to know about a configuration, with no secret in it. */
export function describeProvider(config: ProviderConfig, env: Env = process.env): ProviderDescription {
  const settings = resolveSettings(config, env);
  return {
    id: config.id,
    label: settings.label,
    baseURL: settings.baseURL,
    configured: settings.missing === undefined,
    missing: settings.missing,
    needsKey: settings.preset.needsKey,
    hasKey: Boolean(settings.apiKey || settings.azure?.entraToken),
  };
}
