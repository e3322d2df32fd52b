import { useMemo } from 'react';
import type { Profile } from '@contract/profiles';
import { Badge } from '../Badge';
import { Combobox, type ComboOption } from '../Combobox';

function describeProfile(profile: Profile, modelName: (ref: string) => string): string {
  if (profile.description) return profile.description;
  if (profile.kind === 'auto') return 'Auto: the cheapest model that can serve each request';
  if (profile.kind === 'alias') return `Same as ${profile.aliasOf ?? 'another profile'}`;
  const fallback = profile.fallback.length ? `, then ${profile.fallback.map(modelName).join(', ')}` : '';
  return profile.model ? `${modelName(profile.model)}${fallback}` : 'No model chosen';
}

/**
 * What a profile answers with, as the profile itself names it (its model, Auto, or the profile it is an alias of):
 * a label for the Model picker, not a decision (main resolves the profile when it plans a call).
 */
export function profileModelLabel(
  profile: Profile | undefined,
  profiles: readonly Profile[],
  modelName: (ref: string) => string,
): string | null {
  if (!profile) return null;
  if (profile.kind === 'auto') return 'Auto';
  if (profile.kind === 'alias') {
    const target = profiles.find((p) => p.id === profile.aliasOf);
    return `${target?.name ?? profile.aliasOf ?? 'its profile'}’s model`;
  }
  return profile.model ? modelName(profile.model) : null;
}

/** The profile picker ("Profile"): each profile with what it uses; searchable. */
export function ProfilePicker({
  value,
  onChange,
  profiles,
  modelName,
}: {
  value: string;
  onChange: (profileId: string) => void;
  profiles: readonly Profile[];
  modelName: (ref: string) => string;
}) {
  const options = useMemo<ComboOption[]>(
    () =>
      profiles.map((profile) => ({
        value: profile.id,
        label: profile.name,
        keywords: profile.id,
        description: describeProfile(profile, modelName),
        trailing: profile.kind === 'auto' ? <Badge tone="accent">Auto</Badge> : undefined,
      })),
    [profiles, modelName],
  );
  return (
    <Combobox
      label="Profile"
      value={value}
      options={options}
      onChange={onChange}
      searchLabel="Search profiles"
      emptyText="No profile matches."
      placement="bottom-end"
    />
  );
}
