import { describe, expect, it } from 'vitest';
import type { Estimate } from '@contract/bridge';
import { estimateNotes } from './estimate-notes';

const base: Estimate = {
  model: 'openai:tiny',
  inputTokens: 900,
  method: 'exact',
  imageTokens: 0,
  maxOutputTokens: 100,
  inputCostMicros: 10,
  maxCostMicros: 20,
  contextWindow: 1000,
  context: { fits: true, overByTokens: 0, excludedMessageIds: [], action: 'none', answerTokens: 100 },
};
const name = (ref: string) => (ref === 'openai:tiny' ? 'Tiny' : ref);

describe('estimateNotes', () => {
  it('says nothing when everything fits and no Auto choice was made', () => {
    expect(estimateNotes(base, name)).toEqual([]);
  });

  it('says how many of the oldest messages are left out, and for which model', () => {
    const estimate = {
      ...base,
      context: { ...base.context, excludedMessageIds: ['a', 'b'], action: 'drop-oldest' as const },
    };
    expect(estimateNotes(estimate, name)).toEqual([
      'To fit Tiny’s context window, the 2 oldest messages are left out of this call.',
    ]);
  });

  it('says when the oldest message is summarized instead', () => {
    const estimate = {
      ...base,
      context: { ...base.context, excludedMessageIds: ['a'], action: 'summarize' as const },
    };
    expect(estimateNotes(estimate, name)[0]).toMatch(
      /^To fit Tiny’s context window, the 1 oldest message is replaced by a summary/,
    );
  });

  it('names the model Auto will use and why', () => {
    const estimate = { ...base, autoChoice: { model: 'openai:tiny', reason: 'the cheapest with vision' } };
    expect(estimateNotes(estimate, name)).toEqual(['Auto will use Tiny: the cheapest with vision']);
  });
});
