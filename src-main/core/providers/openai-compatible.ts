/**
 * Any OpenAI-compatible server by base URL (LM Studio, vLLM, llama.cpp server, a custom gateway), with presets for
 * OpenRouter and Groq. The key is optional unless the preset needs one.
 */
import { OpenAIChatAdapter, type ChatDialect } from './openai-chat';
import { chatSettings } from './openai';
import { resolveSettings, type Env } from './presets';
import { encodingForModel, openAIImageFormula } from './token-count';
import type { ProviderAdapter, ProviderConfig } from './types';
import { imageLimitsFor } from '@contract/image-limits';

function compatibleDialect(preset: ProviderConfig['preset']): ChatDialect {
  return {
    maxTokensField: 'max_tokens',
    rules: { maxTemperature: 2, maxStopSequences: preset === 'groq' ? 4 : undefined, thinkingBudget: false },
    imageLimits: imageLimitsFor('openai-compatible', preset).accept,
    tokenCounting: (model) => {
      // OpenRouter serves OpenAI's models under `openai/...`: their tokenizer is known.
      const openAIModel = preset === 'openrouter' && model.startsWith('openai/');
      return {
        encoding: openAIModel ? encodingForModel(model) : 'o200k_base',
        exact: openAIModel,
        imageFormula: openAIImageFormula(model),
      };
    },
  };
}

export function createOpenAICompatibleAdapter(config: ProviderConfig, env: Env): ProviderAdapter {
  const settings = resolveSettings(config, env);
  return new OpenAIChatAdapter(chatSettings(config, settings, compatibleDialect(settings.preset.preset)));
}
