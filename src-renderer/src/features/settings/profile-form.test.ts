import { describe, expect, it } from 'vitest';
import type { Profile } from '@contract/profiles';
import { duplicateForm, EMPTY_PROFILE, formFromProfile, profileFromForm, slugOf } from './profile-form';

const builtin: Profile = {
  id: 'default',
  name: 'Default',
  kind: 'model',
  model: 'anthropic:claude-sonnet-4-5',
  fallback: ['openai:gpt-4.1'],
  params: { temperature: 0.5, seed: 7 },
  routing: 'round-robin',
  fallbackOnAuthError: true,
  context: { mode: 'summarize', summaryModel: 'anthropic:claude-haiku-4-5' },
  cache: 'auto',
  builtin: true,
};

describe('slugOf', () => {
  it('makes an id of lowercase letters, digits and dashes from a name', () => {
    expect(slugOf('  Café Review #2 ')).toBe('cafe-review-2');
    expect(slugOf('!!!')).toBe('');
  });
});

describe('profileFromForm', () => {
  it('makes a new profile with an id from its name, and only what was filled in', () => {
    const result = profileFromForm(
      {
        ...EMPTY_PROFILE,
        name: 'Tiny context',
        model: 'openai:tiny',
        fallback: ['openai:tiny', 'openai:gpt-4.1'],
      },
      { takenIds: ['default'], isNew: true },
    );
    expect(result).toEqual({
      ok: true,
      profile: {
        id: 'tiny-context',
        name: 'Tiny context',
        kind: 'model',
        model: 'openai:tiny',
        // The main model is not its own fallback.
        fallback: ['openai:gpt-4.1'],
        params: {},
        routing: 'priority',
        fallbackOnAuthError: false,
        context: { mode: 'drop-oldest' },
        cache: 'auto',
      },
    });
  });

  it('keeps the tools a profile may use, and names none when none is chosen', () => {
    const tools = { servers: [{ server: 'files', tools: ['read_text_file'] }] };
    const withTools = profileFromForm(
      { ...formFromProfile({ ...builtin, builtin: false, tools }), id: 'mine', name: 'Mine' },
      { takenIds: [], isNew: false },
    );
    expect(withTools.ok && withTools.profile.tools).toEqual(tools);
    const none = profileFromForm(
      { ...EMPTY_PROFILE, name: 'None', model: 'openai:x' },
      { takenIds: [], isNew: true },
    );
    expect(none.ok && 'tools' in none.profile).toBe(false);
  });

  it('keeps what the editor does not show from the profile being edited', () => {
    const form = { ...duplicateForm(builtin, ['default']), temperature: '' };
    const result = profileFromForm(form, { base: builtin, takenIds: ['default'], isNew: true });
    if (!result.ok) throw new Error('expected a profile');
    expect(result.profile.id).toBe('default-copy');
    expect(result.profile.name).toBe('Default (copy)');
    expect(result.profile.routing).toBe('round-robin');
    expect(result.profile.params).toEqual({ seed: 7 });
    expect(result.profile.context).toEqual({ mode: 'summarize', summaryModel: 'anthropic:claude-haiku-4-5' });
    expect(result.profile.builtin).toBeUndefined();
  });

  it('makes an Auto profile with its quality floor and no fixed model', () => {
    const result = profileFromForm(
      { ...EMPTY_PROFILE, name: 'My auto', kind: 'auto', model: 'openai:x', qualityFloor: '4' },
      { takenIds: [], isNew: true },
    );
    expect(result.ok && result.profile).toMatchObject({ kind: 'auto', qualityFloor: 4, fallback: [] });
    expect(result.ok && result.profile.model).toBeUndefined();
  });

  it('says what to fix', () => {
    const result = profileFromForm(
      { ...EMPTY_PROFILE, name: 'Default', temperature: '3', maxOutputTokens: '1.5' },
      { takenIds: ['default'], isNew: true },
    );
    expect(result.ok ? {} : result.errors).toEqual({
      name: 'A profile with the id “default” exists already; choose another name.',
      model: 'Choose the model this profile uses.',
      temperature: 'A number from 0 to 2, or blank for the model’s default.',
      maxOutputTokens: 'A whole number of tokens, or blank for the model’s limit.',
    });
  });

  it('reads back a profile it made', () => {
    const made = profileFromForm(formFromProfile({ ...builtin, builtin: undefined }), {
      base: builtin,
      takenIds: ['default'],
      isNew: false,
    });
    expect(made.ok && made.profile).toMatchObject({
      id: 'default',
      params: { temperature: 0.5, seed: 7 },
      fallback: ['openai:gpt-4.1'],
    });
  });
});

describe('duplicateForm', () => {
  it('finds an id that is not taken', () => {
    expect(duplicateForm(builtin, ['default', 'default-copy']).id).toBe('default-copy-2');
  });
});
