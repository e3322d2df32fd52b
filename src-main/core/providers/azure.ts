/**
 * Azure OpenAI through the `openai` package's `AzureOpenAI` client: the resource endpoint, a deployment per model
 * (the model id when none is configured), an api-version, and either an api-key or a Microsoft Entra ID token.
 */
import { AzureOpenAI } from 'openai';
import { OpenAIChatAdapter, type ChatDialect } from './openai-chat';
import { resolveSettings, secretsOf, type Env } from './presets';
import { encodingForModel, openAIImageFormula } from './token-count';
import { SDK_TIMEOUT_MS } from './transport';
import type { ProviderAdapter, ProviderConfig } from './types';
import { imageLimitsFor } from '@contract/image-limits';

/** The deployments base: `https://<resource>.openai.azure.com/openai` (an endpoint pasted with /openai is kept). */
function azureBaseURL(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/openai') ? trimmed : `${trimmed}/openai`;
}

export function createAzureAdapter(config: ProviderConfig, env: Env): ProviderAdapter {
  const settings = resolveSettings(config, env);
  const azure = settings.azure ?? { apiVersion: '', deployments: {} };
  const endpoint = azure.endpoint ?? '';
  const dialect: ChatDialect = {
    // Older api-versions know only max_tokens for chat models; reasoning models get max_completion_tokens.
    maxTokensField: 'max_tokens',
    rules: { maxTemperature: 2, maxStopSequences: 4, thinkingBudget: false },
    imageLimits: imageLimitsFor('azure').accept,
    // The SDK puts the body's model into the URL: /openai/deployments/<deployment>/chat/completions.
    wireModel: (model) => azure.deployments[model] ?? model,
    tokenCounting: (model) => ({
      encoding: encodingForModel(model),
      exact: true,
      imageFormula: openAIImageFormula(model),
    }),
  };
  return new OpenAIChatAdapter({
    id: config.id,
    kind: 'azure',
    label: settings.label,
    baseURL: endpoint,
    timeouts: settings.timeouts,
    secrets: secretsOf(settings),
    missing: settings.missing,
    dialect,
    client: (fetch, apiKey) => {
      const key = apiKey ?? settings.apiKey;
      const token = azure.entraToken;
      return new AzureOpenAI({
        baseURL: azureBaseURL(endpoint),
        apiVersion: azure.apiVersion,
        ...(key ? { apiKey: key } : { azureADTokenProvider: async () => token ?? '' }),
        defaultHeaders: settings.headers,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        fetch,
        logLevel: 'off',
      });
    },
  });
}
