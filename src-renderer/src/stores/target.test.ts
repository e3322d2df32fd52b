import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '@contract/models';
import type { Profile } from '@contract/profiles';
import { resolveTarget } from './target';

const profile = (p: Partial<Profile> & Pick<Profile, 'id' | 'kind'>): Profile => ({
  name: p.id,
  params: {},
  fallback: [],
  routing: 'priority',
  fallbackOnAuthError: false,
  context: { mode: 'refuse' },
  cache: 'auto',
  ...p,
});

const model = (id: string): ModelInfo => ({
  id,
  provider: id.split(':')[0]!,
  model: id.split(':')[1]!,
  displayName: id,
  contextWindow: 100_000,
  maxOutputTokens: 4096,
  capabilities: { vision: true, tools: true, structuredOutput: true, reasoning: false, streaming: true },
  prices: null,
  qualityTier: 3,
  source: 'builtin',
});

const profiles = [
  profile({ id: 'default', kind: 'model', model: 'anthropic:sonnet' }),
  profile({ id: 'auto', kind: 'auto' }),
  profile({ id: 'fast', kind: 'alias', aliasOf: 'cheap' }),
  profile({ id: 'cheap', kind: 'model', model: 'openai:mini' }),
];
const models = [model('anthropic:sonnet'), model('openai:mini'), model('openai:big')];
const defaults = { defaultProfileId: 'default' };

describe('resolveTarget', () => {
  it('uses the default profile’s model when nothing was chosen', () => {
    expect(resolveTarget({}, defaults, profiles, models)).toMatchObject({
      modelRef: 'anthropic:sonnet',
      auto: false,
      profile: { id: 'default' },
    });
  });

  it('lets a model chosen for the conversation override its profile’s', () => {
    expect(
      resolveTarget({ profileId: 'cheap', model: 'openai:big' }, defaults, profiles, models).model?.id,
    ).toBe('openai:big');
  });

  it('follows aliases and knows Auto has no fixed model', () => {
    expect(resolveTarget({ profileId: 'fast' }, defaults, profiles, models).modelRef).toBe('openai:mini');
    expect(resolveTarget({ profileId: 'auto' }, defaults, profiles, models)).toMatchObject({
      modelRef: null,
      auto: true,
    });
  });
});
