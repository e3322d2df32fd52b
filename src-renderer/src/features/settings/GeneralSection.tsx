import { Monitor, Moon, Sun } from 'lucide-react';
import type { Settings } from '@contract/settings';
import { bridge, describeError } from '../../bridge';
import { Select } from '../../components/Select';
import { useCatalogStore } from '../../stores/catalog';
import { useAppStore } from '../../stores/app';
import { applyTheme } from '../../stores/theme';
import { showError } from '../../stores/toasts';

/** Saves a change of settings; a refusal is shown as a toast. */
export async function updateSettings(patch: Partial<Settings>): Promise<void> {
  try {
    const settings = await bridge.call('settings.update', { patch });
    useAppStore.setState({ settings });
    applyTheme(settings.theme);
  } catch (error) {
    showError(`Not saved: ${describeError(error)}`);
  }
}

const THEMES: Array<{ value: Settings['theme']; label: string; icon: typeof Sun }> = [
  { value: 'system', label: 'System', icon: Monitor },
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
];

/** Which profile a new chat starts with. */
function DefaultProfile() {
  const profiles = useCatalogStore((s) => s.profiles);
  const current = useAppStore((s) => s.settings?.defaultProfileId ?? 'default');
  if (profiles.length === 0) return null;
  return (
    <div className="settings-narrow">
      <Select
        label="Profile for new chats"
        value={current}
        options={profiles.map((p) => ({ value: p.id, label: p.name }))}
        onChange={(defaultProfileId) => void updateSettings({ defaultProfileId })}
      />
    </div>
  );
}

export function GeneralSettings() {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system');
  const fallbackOnAuthError = useAppStore((s) => s.settings?.fallbackOnAuthError ?? false);
  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>General</h2>
      </header>
      <DefaultProfile />
      <fieldset className="choice-group">
        <legend className="field-label">Theme</legend>
        <div className="choice-cards">
          {THEMES.map(({ value, label, icon: Icon }) => (
            <label key={value} className="choice-card">
              <input
                type="radio"
                name="theme"
                value={value}
                checked={theme === value}
                onChange={() => {
                  applyTheme(value);
                  void updateSettings({ theme: value });
                }}
              />
              <Icon size={18} aria-hidden />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Toggle
        label="Fall back when a key is refused"
        description="When a provider refuses the key (401 or 403), try the next model of the profile's chain instead of stopping. Profiles can also turn this on for themselves."
        checked={fallbackOnAuthError}
        onChange={(value) => void updateSettings({ fallbackOnAuthError: value })}
      />
    </div>
  );
}

/** A setting that is on or off: a labelled switch with a sentence saying what it does. */
export function Toggle({
  label,
  description,
  checked,
  onChange,
}: {
  label: string;
  description: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label className="toggle-row">
      <span className="toggle-text">
        <span className="toggle-label">{label}</span>
        <span className="toggle-description">{description}</span>
      </span>
      <input
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
    </label>
  );
}

export function PrivacySection() {
  const settings = useAppStore((s) => s.settings);
  const info = useAppStore((s) => s.info);
  if (!settings) return null;
  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Privacy and data</h2>
      </header>
      <Toggle
        label="Log prompts and answers"
        description="Off by default: the log records calls, timings and errors, never what you wrote, unless this is on."
        checked={settings.privacy.logPrompts}
        onChange={(logPrompts) => void updateSettings({ privacy: { logPrompts } })}
      />
      <Toggle
        label="Response cache"
        description={`Identical requests are answered from the cache (kept ${Math.round(settings.cache.ttlHours / 24)} days, at most ${settings.cache.maxEntries.toLocaleString('en')} answers).`}
        checked={settings.cache.enabled}
        onChange={(enabled) => void updateSettings({ cache: { ...settings.cache, enabled } })}
      />
      {info && (
        <div className="settings-facts">
          <div>
            <span className="field-label">Data folder</span>
            <code className="settings-path">{info.dataDir}</code>
          </div>
          <div>
            <span className="field-label">Version</span>
            <span>
              Modeldesk {info.version} · {info.host === 'web' ? 'web host' : 'desktop'} · {info.platform}
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
