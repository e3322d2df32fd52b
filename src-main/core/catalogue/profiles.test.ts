import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '@contract/profiles';
import { builtinCatalogue } from './builtin';
import { Catalogue } from './catalogue';
import {
  builtinProfiles,
  DEFAULT_QUALITY_FLOOR,
  parseBuiltinProfiles,
  ProfileError,
  Profiles,
} from './profiles';

function errorOf(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return error as ProfileError;
  }
  throw new Error('expected a ProfileError');
}

const alias = (id: string, aliasOf: string): ProfileInput => ({ id, name: id, kind: 'alias', aliasOf });

describe('built-in profiles', () => {
  const profiles = builtinProfiles();

  it('ship the example library, some with system prompts', () => {
    const ids = profiles.map((p) => p.id);
    for (const id of ['default', 'fast', 'vision', 'cheap', 'auto', 'local']) expect(ids).toContain(id);
    expect(profiles.filter((p) => p.systemPrompt).length).toBeGreaterThanOrEqual(2);
    expect(profiles.every((p) => p.builtin === true)).toBe(true);
  });

  it('name only models the catalogue knows, and the vision profile only models that can see', () => {
    const catalogue = new Catalogue();
    for (const p of profiles) {
      for (const ref of [p.model, ...p.fallback, p.context.summaryModel]) {
        if (ref) expect(catalogue.find(ref), `${p.id}: ${ref}`).toBeDefined();
      }
    }
    const vision = profiles.find((p) => p.id === 'vision')!;
    for (const ref of [vision.model!, ...vision.fallback])
      expect(catalogue.get(ref).capabilities.vision, ref).toBe(true);
    const local = profiles.find((p) => p.id === 'local')!;
    for (const ref of [local.model!, ...local.fallback])
      expect(catalogue.get(ref).prices?.inputPerM, ref).toBe(0);
  });

  it('name no model that is retired or retires within 90 days of the catalogue’s date, and only priced ones', () => {
    // So that the next catalogue refresh cannot leave a fresh install on a model about to go.
    const file = builtinCatalogue();
    const catalogue = new Catalogue({ today: file.asOf }, file);
    const soon = new Date(Date.parse(`${file.asOf}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    const offenders: string[] = [];
    for (const p of profiles) {
      for (const ref of [p.model, ...p.fallback, p.context.summaryModel]) {
        if (!ref) continue;
        const model = catalogue.get(ref);
        const retires = model.lifecycle?.retiresOn;
        if (model.lifecycle?.status === 'retired' || (retires !== undefined && retires <= soon)) {
          offenders.push(`${p.id}: ${ref} (${model.lifecycle?.status}, retires ${retires})`);
        }
        if (model.prices === null) offenders.push(`${p.id}: ${ref} has no price`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the 90-day check would catch a profile on a model about to retire', () => {
    const file = builtinCatalogue();
    const gpt5 = new Catalogue({ today: file.asOf }, file).get('openai:gpt-5');
    expect(gpt5.lifecycle).toMatchObject({ status: 'deprecated', retiresOn: '2026-12-11' });
    expect(
      new Catalogue({ today: file.asOf }, file).get('anthropic:claude-sonnet-4-5').lifecycle?.status,
    ).toBe('retired');
  });

  it('refuses a malformed built-in file, saying which profile', () => {
    expect(() => parseBuiltinProfiles([{ id: 'Bad Id', name: 'x', kind: 'model' }])).toThrow(
      /Built-in profile 0 .*id/,
    );
    expect(() => parseBuiltinProfiles({})).toThrow(/must be a list/);
  });
});

describe('Profiles.resolve', () => {
  it('resolves a profile to its model, parameters, fallback chain, routing, context strategy and cache mode', () => {
    const resolved = new Profiles().resolve('default');
    expect(resolved).toMatchObject({
      requestedId: 'default',
      chain: ['default'],
      target: { kind: 'model', model: 'anthropic:claude-sonnet-5' },
      fallback: ['openai:gpt-6-sol', 'gemini:gemini-2.5-pro'],
      routing: 'priority',
      fallbackOnAuthError: false,
      context: { mode: 'summarize', summaryModel: 'anthropic:claude-haiku-4-5' },
      cache: 'auto',
      params: {},
    });
    expect(resolved.systemPrompt).toBeUndefined();
    const review = new Profiles().resolve('code-review');
    expect(review.systemPrompt).toMatch(/reviewing code/);
    expect(review.params).toEqual({ temperature: 0.2 });
  });

  it('resolves Auto with its quality floor, or the default floor when it names none', () => {
    expect(new Profiles().resolve('auto').target).toEqual({ kind: 'auto', qualityFloor: 3 });
    const mine = new Profiles([{ id: 'my-auto', name: 'Mine', kind: 'auto' }]);
    expect(mine.resolve('my-auto').target).toEqual({ kind: 'auto', qualityFloor: DEFAULT_QUALITY_FLOOR });
  });

  it('follows aliases and records the chain', () => {
    const profiles = new Profiles([alias('speedy', 'quick')]);
    const resolved = profiles.resolve('speedy');
    expect(resolved.chain).toEqual(['speedy', 'quick', 'fast']);
    expect(resolved.requestedId).toBe('speedy');
    expect(resolved.profile.id).toBe('fast');
    expect(resolved.target).toEqual({ kind: 'model', model: 'openai:gpt-6-luna' });
  });

  it('lets a user profile replace a built-in one with the same id', () => {
    const profiles = new Profiles([
      { id: 'default', name: 'Mine', kind: 'model', model: 'openai:gpt-6-sol' },
    ]);
    expect(profiles.resolve('default').target).toEqual({ kind: 'model', model: 'openai:gpt-6-sol' });
    expect(profiles.get('default')?.builtin).toBe(false);
    expect(profiles.list().filter((p) => p.id === 'default')).toHaveLength(1);
  });

  it('refuses a cycle of aliases, naming it', () => {
    const profiles = new Profiles([alias('a', 'b'), alias('b', 'c'), alias('c', 'a')]);
    const error = errorOf(() => profiles.resolve('a'));
    expect(error.chain).toEqual(['a', 'b', 'c', 'a']);
    expect(error.message).toBe(
      'Profiles point to each other in a circle: a → b → c → a. Point one of them at a model or at Auto in Settings → Profiles.',
    );
    expect(errorOf(() => new Profiles([alias('self', 'self')]).resolve('self')).chain).toEqual([
      'self',
      'self',
    ]);
  });

  it('refuses an unknown profile, naming the closest ones and the chain that led to it', () => {
    const profiles = new Profiles([alias('broken', 'fsat')]);
    expect(errorOf(() => profiles.resolve('fats')).message).toMatch(
      /^Unknown profile "fats"\. Did you mean fast, /,
    );
    const viaAlias = errorOf(() => profiles.resolve('broken'));
    expect(viaAlias.chain).toEqual(['broken', 'fsat']);
    expect(viaAlias.message).toMatch(
      /^Unknown profile "fsat" \(reached through broken → fsat\)\. Did you mean fast/,
    );
  });

  it('refuses a profile that names no model, and an alias that names no profile', () => {
    const profiles = new Profiles([
      { id: 'empty', name: 'Empty', kind: 'model' },
      { id: 'dangling', name: 'Dangling', kind: 'alias' },
      alias('to-empty', 'empty'),
    ]);
    expect(errorOf(() => profiles.resolve('to-empty')).message).toMatch(
      /Profile "empty" uses a fixed model but names none \(reached through to-empty → empty\)/,
    );
    expect(errorOf(() => profiles.resolve('dangling')).message).toMatch(/alias but names no profile/);
  });

  it('leaves out an invalid user profile and says why', () => {
    const profiles = new Profiles([{ id: 'Not OK', name: 'x', kind: 'model', model: 'openai:gpt-4.1' }]);
    expect(profiles.get('Not OK')).toBeUndefined();
    expect(profiles.problems).toEqual([
      expect.stringMatching(/^Profile Not OK is invalid .*lowercase letters/),
    ]);
  });
});
