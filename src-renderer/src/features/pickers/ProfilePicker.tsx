import { useMemo } from 'react';
import type { Profile } from '@contract/profiles';
import { Badge } from '../../components/Badge';
import { Combobox, type ComboOption } from '../../components/Combobox';

function describeProfile(profile: Profile, modelName: (ref: string) => string): string {
  if (profile.description) return profile.description;
  if (profile.kind === 'auto') return 'Auto: the cheapest model that can serve each request';
  if (profile.kind === 'alias') return `Same as ${profile.aliasOf ?? 'another profile'}`;
  const fallback = profile.fallback.length ? `, then ${profile.fallback.map(modelName).join(', ')}` : '';
  return profile.model ? `${modelName(profile.model)}${fallback}` : 'No model chosen';
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
