/**
 * Which profile and model a conversation (or a chat not created yet) will use, from what it chose and the defaults.
 * A model chosen for the conversation overrides its profile's; an Auto profile has no fixed model.
 */
import type { ModelInfo } from '@contract/models';
import type { Profile } from '@contract/profiles';

export type TargetChoice = { profileId?: string | null; model?: string | null };

export type ResolvedTarget = {
  profile: Profile | undefined;
  /** The model that will answer, when known in advance (not under Auto). */
  modelRef: string | null;
  model: ModelInfo | undefined;
  auto: boolean;
};

function resolveProfile(profiles: readonly Profile[], id: string | null | undefined): Profile | undefined {
  let profile = profiles.find((p) => p.id === id);
  // Follow aliases, at most a few hops (a cycle is a configuration error main reports).
  for (let hops = 0; profile?.kind === 'alias' && hops < 5; hops++) {
    const aliasOf = profile.aliasOf;
    profile = profiles.find((p) => p.id === aliasOf);
  }
  return profile;
}

export function resolveTarget(
  choice: TargetChoice,
  defaults: { defaultProfileId: string },
  profiles: readonly Profile[],
  models: readonly ModelInfo[],
): ResolvedTarget {
  const profile = resolveProfile(profiles, choice.profileId ?? defaults.defaultProfileId);
  const auto = !choice.model && profile?.kind === 'auto';
  const modelRef = choice.model ?? (profile?.kind === 'model' ? (profile.model ?? null) : null);
  return { profile, modelRef, model: models.find((m) => m.id === modelRef), auto };
}
