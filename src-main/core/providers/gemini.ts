/**
 * Google Gemini through its OpenAI-compatible endpoint (`/v1beta/openai`) with the `openai` SDK. A thinking
 * budget travels as Gemini's `extra_body.google.thinking_config`; listed models lose their `models/` prefix.
 */
import { OpenAIChatAdapter, type ChatDialect } from './openai-chat';
import { chatSettings } from './openai';
import { resolveSettings, type Env } from './presets';
import type { ProviderAdapter, ProviderConfig } from './types';
import { imageLimitsFor } from '@contract/image-limits';

const GEMINI_DIALECT: ChatDialect = {
  maxTokensField: 'max_tokens',
  rules: { maxTemperature: 2, maxStopSequences: 5, thinkingBudget: true, minThinkingBudget: 0 },
  imageLimits: imageLimitsFor('gemini').accept,
  thinkingBudgetBody: (budget) => ({
    extra_body: { google: { thinking_config: { thinking_budget: budget, include_thoughts: true } } },
  }),
  listedModelId: (id) => id.replace(/^models\//, ''),
  tokenCounting: () => ({ encoding: 'o200k_base', exact: false, imageFormula: { kind: 'gemini' } }),
};

export function createGeminiAdapter(config: ProviderConfig, env: Env): ProviderAdapter {
  return new OpenAIChatAdapter(chatSettings(config, resolveSettings(config, env), GEMINI_DIALECT));
}
