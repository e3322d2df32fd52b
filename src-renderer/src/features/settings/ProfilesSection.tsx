import { Copy, Pencil, Plus, Trash } from 'lucide-react';
import { useState } from 'react';
import type { Profile } from '@contract/profiles';
import { bridge, describeError } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { loadCatalog, useCatalogStore, useModelNames } from '../../stores/catalog';
import { useAppStore } from '../../stores/app';
import { showError, showToast } from '../../stores/toasts';
import { duplicateForm, EMPTY_PROFILE, formFromProfile, type ProfileForm } from './profile-form';
import { ProfileDialog } from './ProfileDialog';

const CONTEXT_WORDS: Record<Profile['context']['mode'], string> = {
  refuse: 'refuses what does not fit',
  'drop-oldest': 'leaves out the oldest turns',
  summarize: 'summarizes the oldest turns',
};

type Editing = { key: number; initial: ProfileForm; base?: Profile; isNew: boolean };

async function removeProfile(profile: Profile): Promise<void> {
  try {
    await bridge.call('profiles.remove', { id: profile.id });
    showToast({ message: `Profile “${profile.name}” removed.` });
    await loadCatalog();
  } catch (error) {
    showError(`Could not remove it: ${describeError(error)}`);
  }
}

function ProfileCard({
  profile,
  onEdit,
}: {
  profile: Profile;
  onEdit: (editing: Omit<Editing, 'key'>) => void;
}) {
  const profiles = useCatalogStore((s) => s.profiles);
  const isDefault = useAppStore((s) => s.settings?.defaultProfileId === profile.id);
  const nameOf = useModelNames();
  const uses =
    profile.kind === 'auto'
      ? `Auto, quality ${profile.qualityFloor ?? 3} or better`
      : profile.kind === 'alias'
        ? `Same as ${profiles.find((p) => p.id === profile.aliasOf)?.name ?? profile.aliasOf}`
        : [profile.model, ...profile.fallback]
            .filter(Boolean)
            .map((ref) => nameOf(ref!))
            .join(' → ');
  return (
    <li className="profile-card">
      <div className="profile-main">
        <h3 className="profile-name">
          {profile.name}
          {profile.builtin && <Badge>built-in</Badge>}
          {isDefault && <Badge tone="accent">new chats</Badge>}
        </h3>
        {profile.description && <p className="profile-description">{profile.description}</p>}
        <p className="profile-facts">
          {uses}
          {profile.kind !== 'alias' && ` · ${CONTEXT_WORDS[profile.context.mode]}`}
          {profile.systemPrompt ? ' · system prompt' : ''}
        </p>
      </div>
      <span className="row-actions">
        {profile.builtin ? (
          <IconButton
            label={`Duplicate ${profile.name}`}
            size="sm"
            icon={<Copy size={14} />}
            onClick={() =>
              onEdit({
                initial: duplicateForm(
                  profile,
                  profiles.map((p) => p.id),
                ),
                base: profile,
                isNew: true,
              })
            }
          />
        ) : (
          <>
            <IconButton
              label={`Change ${profile.name}`}
              size="sm"
              icon={<Pencil size={14} />}
              onClick={() => onEdit({ initial: formFromProfile(profile), base: profile, isNew: false })}
            />
            <IconButton
              label={`Remove ${profile.name}`}
              size="sm"
              icon={<Trash size={14} />}
              onClick={() => void removeProfile(profile)}
            />
          </>
        )}
      </span>
    </li>
  );
}

/** Profiles: named bundles of a model (or Auto), system prompt, parameters, fallback chain and context strategy. */
export function ProfilesSection() {
  const profiles = useCatalogStore((s) => s.profiles);
  const [editing, setEditing] = useState<Editing | null>(null);
  const edit = (next: Omit<Editing, 'key'>) => setEditing({ ...next, key: Date.now() });
  return (
    <div className="settings-section">
      <header className="settings-section-head settings-head-row">
        <div>
          <h2>Profiles</h2>
          <p>
            A profile is what a conversation answers with: a model or Auto, a system prompt, parameters, the
            models to fall back to, and what to do when a conversation outgrows the context window. Built-in
            profiles can be duplicated and changed.
          </p>
        </div>
        <Button icon={<Plus size={14} />} onClick={() => edit({ initial: EMPTY_PROFILE, isNew: true })}>
          New profile
        </Button>
      </header>
      <ul className="profile-list" aria-label="Profiles">
        {profiles.map((profile) => (
          <ProfileCard key={profile.id} profile={profile} onEdit={edit} />
        ))}
      </ul>
      {editing && (
        <ProfileDialog
          key={editing.key}
          initial={editing.initial}
          base={editing.base}
          isNew={editing.isNew}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
