/**
 * The custom model form's values and their check: what the user typed becomes a model for `models.upsertCustom`, or
 * a message per field saying what to fix. A price left blank is unknown (costs then say unknown, never $0).
 */
import type { CallInput } from '@contract/bridge';
import type { Capabilities } from '@contract/models';

export type CustomModel = CallInput<'models.upsertCustom'>['model'];

export type CustomModelForm = {
  provider: string;
  model: string;
  displayName: string;
  contextWindow: string;
  maxOutputTokens: string;
  inputPerM: string;
  outputPerM: string;
  qualityTier: string;
  capabilities: Omit<Capabilities, 'streaming'>;
};

export type FormErrors<K extends string> = Partial<Record<K, string>>;

export const EMPTY_CUSTOM_MODEL: CustomModelForm = {
  provider: '',
  model: '',
  displayName: '',
  contextWindow: '128000',
  maxOutputTokens: '8192',
  inputPerM: '',
  outputPerM: '',
  qualityTier: '3',
  capabilities: { vision: false, tools: false, structuredOutput: false, reasoning: false },
};

function positiveInt(text: string): number | null {
  const n = Number(text.replace(/[\s,_]/g, ''));
  return Number.isInteger(n) && n > 0 ? n : null;
}

function price(text: string): number | null | 'invalid' {
  if (text.trim() === '') return null;
  const n = Number(text.trim().replace(/^\$/, ''));
  return Number.isFinite(n) && n >= 0 ? n : 'invalid';
}

export function formFromModel(model: CustomModel): CustomModelForm {
  return {
    provider: model.provider,
    model: model.model,
    displayName: model.displayName,
    contextWindow: String(model.contextWindow),
    maxOutputTokens: String(model.maxOutputTokens),
    inputPerM: model.prices ? String(model.prices.inputPerM) : '',
    outputPerM: model.prices ? String(model.prices.outputPerM) : '',
    qualityTier: String(model.qualityTier),
    capabilities: {
      vision: model.capabilities.vision,
      tools: model.capabilities.tools,
      structuredOutput: model.capabilities.structuredOutput,
      reasoning: model.capabilities.reasoning,
    },
  };
}

export function customModelFromForm(
  form: CustomModelForm,
): { ok: true; model: CustomModel } | { ok: false; errors: FormErrors<keyof CustomModelForm> } {
  const errors: FormErrors<keyof CustomModelForm> = {};
  const name = form.model.trim();
  if (!form.provider) errors.provider = 'Choose the provider that serves this model.';
  if (!name) errors.model = 'Write the model’s name as the provider knows it, for example gpt-6-luna.';
  else if (/\s/.test(name)) errors.model = 'A model name has no spaces.';
  const contextWindow = positiveInt(form.contextWindow);
  if (contextWindow === null) errors.contextWindow = 'A whole number of tokens, for example 128000.';
  const maxOutputTokens = positiveInt(form.maxOutputTokens);
  if (maxOutputTokens === null) errors.maxOutputTokens = 'A whole number of tokens, for example 8192.';
  else if (contextWindow !== null && maxOutputTokens > contextWindow) {
    errors.maxOutputTokens = 'The longest answer cannot be larger than the context window.';
  }
  const input = price(form.inputPerM);
  const output = price(form.outputPerM);
  if (input === 'invalid')
    errors.inputPerM = 'Dollars per million tokens, for example 0.40, or blank if unknown.';
  if (output === 'invalid')
    errors.outputPerM = 'Dollars per million tokens, for example 1.60, or blank if unknown.';
  if (input !== 'invalid' && output !== 'invalid' && (input === null) !== (output === null)) {
    errors[input === null ? 'inputPerM' : 'outputPerM'] =
      'Give both prices, or leave both blank when they are unknown.';
  }
  const qualityTier = Number(form.qualityTier);
  if (Object.keys(errors).length > 0 || contextWindow === null || maxOutputTokens === null) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    model: {
      id: `${form.provider}:${name}`,
      provider: form.provider,
      model: name,
      displayName: form.displayName.trim() || name,
      contextWindow,
      maxOutputTokens,
      capabilities: { ...form.capabilities, streaming: true },
      prices:
        typeof input === 'number' && typeof output === 'number'
          ? { inputPerM: input, outputPerM: output }
          : null,
      qualityTier: Number.isInteger(qualityTier) && qualityTier >= 1 && qualityTier <= 5 ? qualityTier : 3,
    },
  };
}
