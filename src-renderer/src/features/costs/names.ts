/** Display names for the ledger's keys (provider ids, `provider:model` refs, profile ids), from `@contract/names`. */
import type { ProviderView } from '@contract/bridge';
import type { ModelInfo } from '@contract/models';
import { modelNames, profileNames, providerNames } from '@contract/names';
import type { Profile } from '@contract/profiles';
import type { Names } from './dashboard-tables';

export function namesFrom(catalog: {
  models: readonly ModelInfo[];
  providers: readonly ProviderView[];
  profiles: readonly Profile[];
}): Names {
  const profile = profileNames(catalog.profiles);
  return {
    provider: providerNames(catalog.providers),
    model: modelNames(catalog.models),
    profile: (key) => (key === '' ? 'No profile' : profile(key)),
  };
}
