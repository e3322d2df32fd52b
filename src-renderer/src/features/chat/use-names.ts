import { useCatalogStore } from '../../stores/catalog';

/** A model's display name by its id (the id itself when the catalogue does not know it). */
export function useModelName(ref: string | undefined): string | undefined {
  return useCatalogStore((s) => (ref ? (s.models.find((m) => m.id === ref)?.displayName ?? ref) : undefined));
}

/** A profile's name by its id (the id itself for a profile since removed). */
export function useProfileName(id: string | undefined): string | undefined {
  return useCatalogStore((s) => (id ? (s.profiles.find((p) => p.id === id)?.name ?? id) : undefined));
}
