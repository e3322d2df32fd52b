import { describe, expect, it } from 'vitest';
import { customModelFromForm, EMPTY_CUSTOM_MODEL, formFromModel } from './custom-model-form';

const filled = { ...EMPTY_CUSTOM_MODEL, provider: 'openai', model: 'tiny-1', displayName: 'Tiny' };

describe('customModelFromForm', () => {
  it('turns the form into a model for main, with an id of provider:model', () => {
    const result = customModelFromForm({
      ...filled,
      contextWindow: '2,000',
      maxOutputTokens: '256',
      inputPerM: '$0.40',
      outputPerM: '1.6',
      capabilities: { ...filled.capabilities, vision: true },
    });
    expect(result).toEqual({
      ok: true,
      model: {
        id: 'openai:tiny-1',
        provider: 'openai',
        model: 'tiny-1',
        displayName: 'Tiny',
        contextWindow: 2000,
        maxOutputTokens: 256,
        capabilities: {
          vision: true,
          tools: false,
          structuredOutput: false,
          reasoning: false,
          streaming: true,
        },
        prices: { inputPerM: 0.4, outputPerM: 1.6 },
        qualityTier: 3,
      },
    });
  });

  it('keeps blank prices unknown (null), never zero', () => {
    const result = customModelFromForm(filled);
    expect(result.ok && result.model.prices).toBeNull();
  });

  it('says what to fix for each field that is wrong', () => {
    const result = customModelFromForm({
      ...EMPTY_CUSTOM_MODEL,
      model: 'has space',
      contextWindow: '1000',
      maxOutputTokens: '5000',
      inputPerM: 'cheap',
      outputPerM: '2',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['inputPerM', 'maxOutputTokens', 'model', 'provider']);
    expect(result.errors.maxOutputTokens).toMatch(/cannot be larger than the context window/);
  });

  it('asks for both prices or neither', () => {
    const result = customModelFromForm({ ...filled, inputPerM: '1' });
    expect(result.ok ? null : result.errors.outputPerM).toMatch(/both prices/);
  });

  it('reads back a model it made', () => {
    const made = customModelFromForm({ ...filled, inputPerM: '1', outputPerM: '2' });
    if (!made.ok) throw new Error('expected a model');
    expect(customModelFromForm(formFromModel(made.model))).toEqual(made);
  });
});
