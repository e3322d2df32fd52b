/** What the pickers and settings show: models, profiles, providers and their health. */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { ProviderView } from '@contract/bridge';
import type { ModelInfo, ProviderHealth } from '@contract/models';
import { modelNames, profileNames, providerNames } from '@contract/names';
import type { Profile } from '@contract/profiles';
import { bridge, describeError } from '../bridge';

type CatalogState = {
  models: ModelInfo[];
  profiles: Profile[];
  providers: ProviderView[];
  health: ProviderHealth[];
  loaded: boolean;
  error: string | null;
};

export const useCatalogStore = create<CatalogState>(() => ({
  models: [],
  profiles: [],
  providers: [],
  health: [],
  loaded: false,
  error: null,
}));

export async function loadCatalog(): Promise<void> {
  const [models, profiles, providers, health] = await Promise.allSettled([
    bridge.call('models.list', {}),
    bridge.call('profiles.list', {}),
    bridge.call('providers.list', {}),
    bridge.call('health.get', {}),
  ]);
  const failed = [models, profiles, providers, health].find((r) => r.status === 'rejected');
  useCatalogStore.setState((s) => ({
    models: models.status === 'fulfilled' ? models.value : s.models,
    profiles: profiles.status === 'fulfilled' ? profiles.value : s.profiles,
    providers: providers.status === 'fulfilled' ? providers.value : s.providers,
    health: health.status === 'fulfilled' ? health.value : s.health,
    loaded: true,
    error: failed ? describeError((failed as PromiseRejectedResult).reason) : null,
  }));
}

export async function reloadProviders(): Promise<void> {
  const [providers, models] = await Promise.all([
    bridge.call('providers.list', {}),
    bridge.call('models.list', {}),
  ]);
  useCatalogStore.setState({ providers, models });
}

export function setHealth(health: ProviderHealth[]): void {
  useCatalogStore.setState({ health });
}

/** `(ref) => display name` over the catalogue's models (`@contract/names`: the ref itself for one it lost). */
export function useModelNames(): (ref: string) => string {
  const models = useCatalogStore((s) => s.models);
  return useMemo(() => modelNames(models), [models]);
}

/** A model's display name by its ref (the ref itself when the catalogue does not know it). */
export function useModelName(ref: string | undefined): string | undefined {
  const names = useModelNames();
  return ref === undefined ? undefined : names(ref);
}

/** A profile's name by its id (the id itself for a profile since removed). */
export function useProfileName(id: string | undefined): string | undefined {
  const profiles = useCatalogStore((s) => s.profiles);
  return useMemo(() => (id === undefined ? undefined : profileNames(profiles)(id)), [profiles, id]);
}

/** `(id) => label` over the providers (`anthropic` → `Anthropic`). */
export function useProviderNames(): (id: string) => string {
  const providers = useCatalogStore((s) => s.providers);
  return useMemo(() => providerNames(providers), [providers]);
}
