/** Display names for the ledger's keys (provider ids, `provider:model` refs, profile ids) from the catalogue. */
import type { ProviderView } from '@contract/bridge';
import type { ModelInfo } from '@contract/models';
import type { Profile } from '@contract/profiles';
import type { Names } from './dashboard-tables';

export function namesFrom(catalog: {
  models: readonly ModelInfo[];
  providers: readonly ProviderView[];
  profiles: readonly Profile[];
}): Names {
  const models = new Map(catalog.models.map((m) => [m.id, m.displayName]));
  const providers = new Map(catalog.providers.map((p) => [p.id, p.label]));
  const profiles = new Map(catalog.profiles.map((p) => [p.id, p.name]));
  return {
    provider: (key) => providers.get(key) ?? key,
    model: (key) => models.get(key) ?? key.slice(key.indexOf(':') + 1),
    profile: (key) => (key === '' ? 'No profile' : (profiles.get(key) ?? key)),
  };
}
